package io.omnihub.deploy;

import static io.omnihub.deploy.OverlaysTest.all;
import static io.omnihub.deploy.OverlaysTest.find;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * The production overlay's objects do what k8s/README.md says: autoscaling, disruption budget, network fence, memory,
 * pinned image, no token, draining on shutdown, spread.
 */
class ProductionOverlayTest {

    private static final Path OVERLAY = Path.of("k8s/overlays/production");

    /** What Omnihub may call: DNS, PostgreSQL, Kafka (plain and TLS), Redis, HTTPS (JWKS, bot callbacks). */
    private static final Set<String> ALLOWED_EGRESS = Set.of("UDP/53", "TCP/53", "TCP/5432", "TCP/9092", "TCP/9093",
            "TCP/6379", "TCP/443");

    private final List<ObjectNode> objects = Kustomize.build(OVERLAY);
    private final Deployment deployment = ManifestValidator.typed(find(objects, "Deployment", "omnihub"),
            Deployment.class);
    private final PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    private final Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
    private final ConfigMap config = ManifestValidator.typed(find(objects, "ConfigMap", "omnihub"), ConfigMap.class);

    @Test
    void theHpaScalesTheDeploymentOnCpuAndOwnsItsReplicaCount() {
        HorizontalPodAutoscaler hpa = ManifestValidator.typed(find(objects, "HorizontalPodAutoscaler", "omnihub"),
                HorizontalPodAutoscaler.class);

        assertThat(hpa.getApiVersion()).isEqualTo("autoscaling/v2");
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(deployment.getMetadata().getName());
        assertThat(hpa.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2);
        assertThat(hpa.getSpec().getMaxReplicas()).isGreaterThan(hpa.getSpec().getMinReplicas());
        assertThat(hpa.getSpec().getMetrics()).extracting(MetricSpec::getType).contains("Resource");
        assertThat(hpa.getSpec().getMetrics()).anySatisfy(m -> {
            assertThat(m.getResource().getName()).isEqualTo("cpu");
            assertThat(m.getResource().getTarget().getAverageUtilization()).isBetween(1, 100);
        });
        // a fixed count in the Deployment would be reset by every apply, fighting the HPA
        assertThat(deployment.getSpec().getReplicas()).isNull();
        // while Redis is away each replica allows the rate limit divided by OMNIHUB_SECURITY_REPLICAS
        assertThat(config.getData()).containsEntry("OMNIHUB_SECURITY_REPLICAS", hpa.getSpec().getMinReplicas().toString());
    }

    @Test
    void thePdbLetsOneReplicaGoAtATimeAndSelectsThePods() {
        PodDisruptionBudget pdb = ManifestValidator.typed(find(objects, "PodDisruptionBudget", "omnihub"),
                PodDisruptionBudget.class);
        HorizontalPodAutoscaler hpa = ManifestValidator.typed(find(objects, "HorizontalPodAutoscaler", "omnihub"),
                HorizontalPodAutoscaler.class);

        assertThat(pdb.getApiVersion()).isEqualTo("policy/v1");
        assertThat(selects(pdb.getSpec().getSelector(), podLabels)).isTrue();
        if (pdb.getSpec().getMaxUnavailable() != null) {
            assertThat(pdb.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));
        } else {
            // with minAvailable, a drain must still be possible at the HPA's minimum
            assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isLessThan(hpa.getSpec().getMinReplicas());
        }
    }

    @Test
    void theNetworkPolicyAdmitsHttpOnlyAndLetsOutOnlyTheListedPorts() {
        NetworkPolicy policy = ManifestValidator.typed(find(objects, "NetworkPolicy", "omnihub"), NetworkPolicy.class);

        assertThat(selects(policy.getSpec().getPodSelector(), podLabels)).isTrue();
        assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");

        Container omnihub = container("omnihub");
        Set<String> httpPort = Set.of("TCP/" + omnihub.getPorts().get(0).getContainerPort(),
                "TCP/" + omnihub.getPorts().get(0).getName());
        assertThat(omnihub.getPorts()).hasSize(1);
        assertThat(policy.getSpec().getIngress()).isNotEmpty();
        for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
            // a rule without ports admits every port
            assertThat(rule.getPorts()).as("ingress rule %s", rule).isNotEmpty();
            assertThat(rule.getPorts()).allSatisfy(p -> assertThat(httpPort).contains(port(p)));
        }

        Set<String> egress = new HashSet<>();
        for (NetworkPolicyEgressRule rule : policy.getSpec().getEgress()) {
            // a rule without ports lets everything out to its peers
            assertThat(rule.getPorts()).as("egress rule %s", rule).isNotEmpty();
            rule.getPorts().forEach(p -> egress.add(port(p)));
        }
        assertThat(egress).containsExactlyInAnyOrderElementsOf(ALLOWED_EGRESS);
    }

    @Test
    void memoryRequestsEqualLimitsAndTheHeapFitsInThem() {
        for (Container c : containers()) {
            Quantity request = c.getResources().getRequests().get("memory");
            Quantity limit = c.getResources().getLimits().get("memory");
            assertThat(limit).as("%s memory limit", c.getName()).isNotNull();
            assertThat(request).as("%s memory request", c.getName()).isNotNull();
            assertThat(request.getNumericalAmount()).as("%s memory request", c.getName())
                    .isEqualByComparingTo(limit.getNumericalAmount());
        }
        Container omnihub = container("omnihub");
        BigDecimal limit = omnihub.getResources().getLimits().get("memory").getNumericalAmount();
        // the native image takes -Xmx (and -XX:MaxDirectMemorySize) as arguments; the JVM image's run-java.sh a ratio
        long heap = bytes(omnihub.getArgs(), "-Xmx");
        long direct = bytes(omnihub.getArgs(), "-XX:MaxDirectMemorySize=");
        Integer ratio = omnihub.getEnv() == null ? null
                : omnihub.getEnv().stream().filter(e -> e.getName().equals("JAVA_MAX_MEM_RATIO"))
                        .map(EnvVar::getValue).map(Integer::valueOf).findFirst().orElse(null);
        assertThat(heap > 0 || ratio != null).as("heap sized by -Xmx or JAVA_MAX_MEM_RATIO").isTrue();
        // a memory-backed emptyDir (tmpfs) is charged to the container's memory too
        long tmpfs = pod.getVolumes().stream()
                .filter(v -> v.getEmptyDir() != null && "Memory".equals(v.getEmptyDir().getMedium()))
                .mapToLong(v -> v.getEmptyDir().getSizeLimit().getNumericalAmount().longValueExact()).sum();
        if (heap > 0) {
            // heap, direct buffers and tmpfs leave at least a quarter of the limit to the rest of the process
            assertThat(BigDecimal.valueOf(heap + direct + tmpfs))
                    .isLessThanOrEqualTo(limit.multiply(BigDecimal.valueOf(0.75)));
            assertThat(direct).as("direct memory bounded too").isPositive();
        } else {
            assertThat(ratio).isBetween(40, 75);
        }
    }

    @Test
    void theImageIsPinnedAndNoTokenIsMounted() {
        for (Container c : containers()) {
            assertThat(c.getImage()).as(c.getName()).matches(".+(@sha256:[0-9a-f]{64}|:[\\w][\\w.-]*)$")
                    .doesNotEndWith(":latest");
        }
        assertThat(container("omnihub").getImage()).startsWith("registry.example.com/omnihub/omnihub");

        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        ServiceAccount account = ManifestValidator.typed(find(objects, "ServiceAccount", pod.getServiceAccountName()),
                ServiceAccount.class);
        assertThat(account.getAutomountServiceAccountToken()).isFalse();
    }

    @Test
    void shutdownDrainsWithinTheGracePeriod() throws IOException {
        Container omnihub = container("omnihub");
        long preStop = omnihub.getLifecycle() == null || omnihub.getLifecycle().getPreStop() == null ? 0
                : omnihub.getLifecycle().getPreStop().getSleep().getSeconds();
        long delay = seconds(config.getData().getOrDefault("OMNIHUB_SHUTDOWN_DELAY", "3s"));
        if (preStop > 0) {
            // the micro image has no shell: only the kubelet's sleep action, never an exec of sleep
            assertThat(omnihub.getLifecycle().getPreStop().getExec()).isNull();
        }
        assertThat(preStop + delay).as("seconds the pod keeps serving after its deletion").isGreaterThanOrEqualTo(5);

        Properties app = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            app.load(in);
        }
        long shutdownTimeout = seconds(app.getProperty("quarkus.shutdown.timeout"));
        // then the Kafka consumers close, one after another: a graceful one sleeps twice its poll timeout while it
        // holds partitions, then waits up to one poll for its loop (SmallRye's KafkaSource); 5 s are left for what
        // follows them (the producers' flush, the pools) and for a slow machine
        double consumers = consumersClose(app);
        assertThat(preStop + delay + shutdownTimeout + consumers).as("seconds from deletion to the consumers closed")
                .isLessThanOrEqualTo(pod.getTerminationGracePeriodSeconds() - 5.0);
    }

    /** Seconds the Kafka consumers of {@code app} take to close gracefully, one after another, at most. */
    private static double consumersClose(Properties app) {
        String connector = "mp.messaging.connector.smallrye-kafka.";
        double seconds = 0;
        for (String key : app.stringPropertyNames()) {
            Matcher channel = Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.connector").matcher(key);
            if (!channel.matches() || !"smallrye-kafka".equals(app.getProperty(key))) {
                continue;
            }
            String own = "mp.messaging.incoming." + channel.group(1) + ".";
            if (!"false".equals(app.getProperty(own + "graceful-shutdown"))) {
                long poll = Long.parseLong(app.getProperty(own + "poll-timeout",
                        app.getProperty(connector + "poll-timeout", "1000")));
                seconds += 3 * poll / 1000.0;
            }
        }
        return seconds;
    }

    @Test
    void replicasSpreadOverZonesAndNodes() {
        List<TopologySpreadConstraint> spread = pod.getTopologySpreadConstraints();

        assertThat(spread).extracting(TopologySpreadConstraint::getTopologyKey)
                .contains("topology.kubernetes.io/zone", "kubernetes.io/hostname");
        assertThat(spread).allSatisfy(c -> {
            assertThat(selects(c.getLabelSelector(), podLabels)).isTrue();
            assertThat(c.getMaxSkew()).isEqualTo(1);
        });
    }

    @Test
    void theServiceMonitorScrapesMetricsAndTheDashboardIsAConfigMapForGrafana() throws IOException {
        Service service = ManifestValidator.typed(find(objects, "Service", "omnihub"), Service.class);
        ObjectNode monitor = find(objects, "ServiceMonitor", "omnihub");

        monitor.at("/spec/selector/matchLabels").fields()
                .forEachRemaining(l -> assertThat(service.getMetadata().getLabels())
                        .containsEntry(l.getKey(), l.getValue().asText()));
        assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/q/metrics");
        assertThat(service.getSpec().getPorts())
                .anyMatch(p -> p.getName().equals(monitor.at("/spec/endpoints/0/port").asText()));

        List<ConfigMap> dashboards = all(objects, "ConfigMap").stream().map(o -> ManifestValidator.typed(o, ConfigMap.class))
                .filter(cm -> "1".equals(cm.getMetadata().getLabels() == null ? null
                        : cm.getMetadata().getLabels().get("grafana_dashboard")))
                .toList();
        assertThat(dashboards).hasSize(1);
        assertThat(dashboards.get(0).getData()).containsEntry("omnihub-analytics.json",
                Files.readString(Path.of("k8s/dashboards/omnihub-analytics.json")));
    }

    private List<Container> containers() {
        return pod.getContainers();
    }

    private Container container(String name) {
        return containers().stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
    }

    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        return selector != null && selector.getMatchLabels() != null && !selector.getMatchLabels().isEmpty()
                && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty())
                && labels.entrySet().containsAll(selector.getMatchLabels().entrySet());
    }

    private static String port(NetworkPolicyPort p) {
        String protocol = p.getProtocol() == null ? "TCP" : p.getProtocol();
        IntOrString port = p.getPort();
        assertThat(port).as("a port range or any port is not allowed").isNotNull();
        assertThat(p.getEndPort()).as("no port ranges").isNull();
        return protocol + "/" + (port.getIntVal() != null ? port.getIntVal() : port.getStrVal());
    }

    /** Bytes of a JVM-style size option such as -Xmx448m, 0 when absent. */
    private static long bytes(List<String> args, String option) {
        if (args == null) {
            return 0;
        }
        for (String arg : args) {
            Matcher m = Pattern.compile(Pattern.quote(option) + "(\\d+)([kKmMgG]?)").matcher(arg);
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2).toLowerCase()) {
                    case "k" -> n << 10;
                    case "m" -> n << 20;
                    case "g" -> n << 30;
                    default -> n;
                };
            }
        }
        return 0;
    }

    /** Quarkus durations as written here: "3s", "10s" or ISO-8601. */
    private static long seconds(String value) {
        String v = value.trim();
        return v.startsWith("P") || v.startsWith("p") ? Duration.parse(v).toSeconds()
                : Duration.parse("PT" + v.toUpperCase()).toSeconds();
    }
}
