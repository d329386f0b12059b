package io.omnihub.deploy;

import static io.omnihub.deploy.OverlaysTest.all;
import static io.omnihub.deploy.OverlaysTest.find;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.omnihub.platform.Outbox;
import io.omnihub.request.Handoffs;

/**
 * The cluster-services overlay: every topic Omnihub uses is a KafkaTopic with its retention, the Kafka is KRaft with
 * node pools, PostgreSQL is backed up to object storage, Redis keeps nothing, and Omnihub is pointed at all three.
 */
class ClusterServicesOverlayTest {

    private static final long SEVEN_DAYS = Duration.ofDays(7).toMillis();
    /** omnihub.kafka.events-retention's default, P400D. */
    private static final long EVENTS_RETENTION = Duration.parse("P400D").toMillis();
    /** omnihub.privacy.erasure-deadline's default: nothing holding personal data may outlive it in Kafka. */
    private static final long ERASURE_DEADLINE = Duration.parse("P30D").toMillis();

    private final List<ObjectNode> objects = Kustomize.build(Path.of("k8s/overlays/cluster-services"));
    private final Map<String, ObjectNode> topics = all(objects, "KafkaTopic").stream()
            .collect(Collectors.toMap(t -> t.at("/spec/topicName").asText(t.at("/metadata/name").asText()), t -> t));
    private final ConfigMap config = ManifestValidator.typed(find(objects, "ConfigMap", "omnihub"), ConfigMap.class);

    @Test
    void everyTopicOmnihubUsesIsDeclaredWithItsRetention() throws IOException {
        Set<String> used = new HashSet<>(topicsInApplicationProperties());
        used.add(Outbox.EVENTS_TOPIC);
        used.add(Handoffs.TOPIC);
        used.add(Handoffs.TOPIC + ".dlq");
        for (String channel : outboundChannels()) {
            used.add("omnihub.replies." + channel);
        }
        used.add("omnihub.erasures");

        assertThat(topics.keySet()).containsAll(used);
        for (String channel : outboundChannels()) {
            assertThat(retention("omnihub.replies." + channel)).as(channel).isEqualTo(SEVEN_DAYS);
        }
        assertThat(retention(Outbox.EVENTS_TOPIC)).isEqualTo(EVENTS_RETENTION).isEqualTo(34_560_000_000L);
        // the chatbot's dead letters hold reply text and the bot user's address
        assertThat(retention("omnihub.replies.chatbot.dlq")).isEqualTo(SEVEN_DAYS);
        topics.keySet().stream().filter(t -> t.endsWith(".dlq"))
                .forEach(t -> assertThat(retention(t)).as(t).isPositive().isLessThan(ERASURE_DEADLINE));
    }

    @Test
    void onlyTheEventsAndTheErasureLogOutliveTheErasureDeadline() {
        topics.forEach((name, topic) -> {
            if (!name.equals(Outbox.EVENTS_TOPIC) && !name.equals("omnihub.erasures")) {
                assertThat(retention(name)).as(name).isPositive().isLessThan(ERASURE_DEADLINE);
            }
        });
        JsonNode erasures = topics.get("omnihub.erasures").at("/spec/config");
        assertThat(erasures.path("cleanup.policy").asText()).isEqualTo("compact");
        assertThat(erasures.path("retention.ms").asLong()).isEqualTo(-1);
    }

    @Test
    void kafkaRunsInKraftModeWithNodePoolsAndOwnsTheTopics() {
        ObjectNode kafka = find(objects, "Kafka", "kafka");
        List<ObjectNode> pools = all(objects, "KafkaNodePool");

        assertThat(kafka.path("apiVersion").asText()).isEqualTo("kafka.strimzi.io/v1");
        assertThat(kafka.at("/spec/zookeeper").isMissingNode()).isTrue();
        assertThat(pools).allSatisfy(p -> assertThat(p.at("/metadata/labels/strimzi.io~1cluster").asText())
                .isEqualTo("kafka"));
        int controllers = replicasWithRole(pools, "controller");
        int brokers = replicasWithRole(pools, "broker");
        assertThat(controllers).as("a controller quorum of an odd number, at least 3").isGreaterThanOrEqualTo(3).isOdd();
        assertThat(brokers).isGreaterThanOrEqualTo(3);
        Set<Integer> ports = new HashSet<>();
        kafka.at("/spec/kafka/listeners").forEach(l -> ports.add(l.path("port").asInt()));
        assertThat(ports).containsExactlyInAnyOrder(9092, 9093);
        assertThat(kafka.at("/spec/kafka/config/auto.create.topics.enable").asBoolean(true)).isFalse();
        assertThat(kafka.at("/spec/entityOperator/topicOperator").isObject()).isTrue();

        topics.forEach((name, topic) -> {
            assertThat(topic.at("/metadata/labels/strimzi.io~1cluster").asText()).as(name).isEqualTo("kafka");
            int replicas = topic.at("/spec/replicas").asInt();
            assertThat(replicas).as(name).isBetween(2, brokers);
            assertThat(topic.at("/spec/config/min.insync.replicas").asInt()).as(name).isLessThan(replicas);
        });
        // retention has one owner: the topic operator; Omnihub does not provision topics
        assertThat(config.getData()).containsEntry("OMNIHUB_KAFKA_PROVISION_TOPICS", "false");
        assertThat(URI.create("kafka://" + config.getData().get("OMNIHUB_KAFKA_BOOTSTRAP_SERVERS")).getHost())
                .isEqualTo("kafka-kafka-bootstrap.omnihub.svc");
    }

    @Test
    void postgresIsBackedUpToObjectStorageAndOmnihubUsesItsPrimary() {
        ObjectNode cluster = find(objects, "Cluster", "postgres");
        ObjectNode scheduled = all(objects, "ScheduledBackup").get(0);

        assertThat(cluster.at("/spec/instances").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(cluster.at("/spec/backup/barmanObjectStore/destinationPath").asText()).startsWith("s3://");
        assertThat(cluster.at("/spec/backup/retentionPolicy").asText()).isNotEmpty();
        assertThat(scheduled.at("/spec/cluster/name").asText()).isEqualTo("postgres");
        assertThat(scheduled.at("/spec/method").asText()).isEqualTo("barmanObjectStore");
        assertThat(scheduled.at("/spec/schedule").asText().split(" ")).as("CloudNativePG's six-field cron").hasSize(6);

        assertThat(config.getData().get("OMNIHUB_DB_URL")).isEqualTo("postgresql://postgres-rw.omnihub.svc:5432/"
                + cluster.at("/spec/bootstrap/initdb/database").asText());
        Deployment omnihub = ManifestValidator.typed(find(objects, "Deployment", "omnihub"), Deployment.class);
        Container container = omnihub.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getEnv()).extracting(EnvVar::getName).contains("OMNIHUB_DB_USERNAME", "OMNIHUB_DB_PASSWORD");
        assertThat(container.getEnv()).allSatisfy(
                e -> assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("postgres-app"));
    }

    @Test
    void redisKeepsNothingAndOnlyOmnihubReachesIt() {
        Deployment redis = ManifestValidator.typed(find(objects, "Deployment", "redis"), Deployment.class);
        Container container = redis.getSpec().getTemplate().getSpec().getContainers().get(0);

        String args = String.join(" ", container.getArgs());
        assertThat(container.getArgs()).containsSequence("--save", "");
        assertThat(args).contains("--appendonly no");
        assertThat(redis.getSpec().getTemplate().getSpec().getVolumes())
                .allSatisfy(v -> assertThat(v.getEmptyDir()).isNotNull());
        assertThat(container.getImage()).doesNotEndWith(":latest").contains(":");

        Secret secret = ManifestValidator.typed(find(objects, "Secret", "omnihub"), Secret.class);
        assertThat(URI.create(secret.getStringData().get("OMNIHUB_REDIS_URL")).getHost())
                .isEqualTo("redis.omnihub.svc");
        find(objects, "Service", "redis");
        ObjectNode policy = find(objects, "NetworkPolicy", "redis");
        assertThat(policy.at("/spec/ingress/0/from/0/podSelector/matchLabels/app.kubernetes.io~1name").asText())
                .isEqualTo("omnihub");
    }

    private long retention(String topic) {
        return topics.get(topic).at("/spec/config/retention.ms").asLong();
    }

    private static int replicasWithRole(List<ObjectNode> pools, String role) {
        return pools.stream().filter(p -> {
            for (JsonNode r : p.at("/spec/roles")) {
                if (r.asText().equals(role)) {
                    return true;
                }
            }
            return false;
        }).mapToInt(p -> p.at("/spec/replicas").asInt()).sum();
    }

    /** The ids of channels/<id>/channel.yaml that send outbound. */
    private static List<String> outboundChannels() throws IOException {
        try (Stream<Path> dirs = Files.list(Path.of("channels"))) {
            List<String> ids = dirs.map(d -> d.resolve("channel.yaml")).filter(Files::exists)
                    .map(f -> Kustomize.readAll(f).get(0)).filter(c -> c.path("outbound").asBoolean(false))
                    .map(c -> c.path("id").asText()).sorted().toList();
            assertThat(ids).isNotEmpty();
            return ids;
        }
    }

    /** Every topic and dead-letter topic named in application.properties. */
    private static Set<String> topicsInApplicationProperties() throws IOException {
        Properties app = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            app.load(in);
        }
        Set<String> names = app.stringPropertyNames().stream()
                .filter(k -> k.startsWith("mp.messaging.") && k.endsWith(".topic")).map(app::getProperty)
                .collect(Collectors.toSet());
        assertThat(names).isNotEmpty();
        return names;
    }
}
