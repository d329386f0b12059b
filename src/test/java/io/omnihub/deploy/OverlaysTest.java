package io.omnihub.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Every kustomization under {@code k8s/} renders, and every object it renders validates: built-in kinds against the
 * Kubernetes model, custom resources against their CRDs' schemas, unknown fields refused.
 */
class OverlaysTest {

    private final ManifestValidator validator = new ManifestValidator();

    static Stream<Path> kustomizations() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("k8s"))) {
            List<Path> dirs = files.filter(p -> p.getFileName().toString().equals("kustomization.yaml"))
                    .map(Path::getParent).sorted().toList();
            assertThat(dirs).contains(Path.of("k8s/base"), Path.of("k8s/overlays/production"),
                    Path.of("k8s/overlays/cluster-services"));
            return dirs.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void everyKustomizationRendersAndEveryObjectValidates(Path dir) {
        List<ObjectNode> objects = Kustomize.build(dir);

        assertThat(objects).isNotEmpty();
        Map<String, List<String>> problems = new LinkedHashMap<>();
        for (ObjectNode object : objects) {
            List<String> found = validator.problems(object);
            if (!found.isEmpty()) {
                problems.put(Kustomize.id(object), found);
            }
        }
        assertThat(problems).as("objects of %s that do not validate", dir).isEmpty();
    }

    @Test
    void thePointInTimeRecoveryExampleValidatesToo() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("k8s/examples"))) {
            List<Path> examples = files.filter(p -> p.toString().endsWith(".yaml")).toList();
            assertThat(examples).isNotEmpty();
            for (Path example : examples) {
                for (JsonNode object : Kustomize.readAll(example)) {
                    assertThat(validator.problems(object)).as("%s", example).isEmpty();
                }
            }
        }
    }

    @Test
    void unknownFieldsWrongTypesAndUnknownKindsAreRefused() {
        List<ObjectNode> production = Kustomize.build(Path.of("k8s/overlays/production"));
        ObjectNode deployment = find(production, "Deployment", "omnihub");
        ObjectNode container = (ObjectNode) deployment.at("/spec/template/spec/containers/0");
        container.put("imagePullPolicyy", "Always");
        assertThat(validator.problems(deployment)).anyMatch(p -> p.contains("imagePullPolicyy"));

        ObjectNode hpa = find(production, "HorizontalPodAutoscaler", "omnihub");
        ((ObjectNode) hpa.get("spec")).put("minReplicas", "three");
        assertThat(validator.problems(hpa)).isNotEmpty();

        List<ObjectNode> cluster = Kustomize.build(Path.of("k8s/overlays/cluster-services"));
        ObjectNode topic = find(cluster, "KafkaTopic", "omnihub.events");
        ((ObjectNode) topic.get("spec")).put("partition", 3);
        assertThat(validator.problems(topic)).anyMatch(p -> p.contains("partition"));

        ObjectNode backup = find(cluster, "ScheduledBackup", "postgres-nightly");
        ((ObjectNode) backup.get("spec")).put("method", "tape");
        assertThat(validator.problems(backup)).anyMatch(p -> p.contains("method"));

        ObjectNode kafka = find(cluster, "Kafka", "kafka");
        ((ObjectNode) kafka.get("metadata")).put("labelz", "x");
        assertThat(validator.problems(kafka)).anyMatch(p -> p.contains("labelz"));

        ObjectNode unknown = deployment.deepCopy().put("apiVersion", "example.com/v1").put("kind", "Widget");
        assertThat(validator.problems(unknown)).anyMatch(p -> p.contains("example.com/v1/Widget"));
    }

    @Test
    void theRendererRefusesWhatItDoesNotImplement(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                labels:
                  - pairs: {a: b}
                """);
        assertThatThrownBy(() -> Kustomize.build(dir)).hasMessageContaining("'labels'");

        Files.writeString(dir.resolve("kustomization.yaml"), """
                resources:
                  - ../elsewhere.yaml
                """);
        assertThatThrownBy(() -> Kustomize.build(dir)).hasMessageContaining("outside");
    }

    /**
     * The renderer against the real thing: {@code kubectl kustomize} prints the same objects. Runs where a kubectl
     * is installed (OMNIHUB_KUBECTL names another one, e.g. Debian's kubectl 1.20 with kustomize v2.0.3).
     */
    @ParameterizedTest
    @MethodSource("kustomizations")
    void theRendererAgreesWithKubectlKustomize(Path dir) throws Exception {
        Optional<String> kubectl = kubectl();
        assumeTrue(kubectl.isPresent(), "no kubectl on the PATH: the comparison with kubectl kustomize is skipped");
        Process process = new ProcessBuilder(kubectl.get(), "kustomize", dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("kubectl kustomize %s", dir).isZero();

        Map<String, JsonNode> expected = byId(Kustomize.YAML.readerFor(JsonNode.class).<JsonNode> readValues(out)
                .readAll());
        Map<String, JsonNode> rendered = byId(new ArrayList<>(Kustomize.build(dir)));
        assertThat(rendered.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        rendered.forEach((id, object) -> assertThat(object).as(id).isEqualTo(expected.get(id)));
    }

    private static Optional<String> kubectl() {
        String named = System.getenv("OMNIHUB_KUBECTL");
        if (named != null && !named.isBlank()) {
            return Optional.of(named);
        }
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(p -> Path.of(p, "kubectl")).filter(Files::isExecutable).map(Path::toString).findFirst();
    }

    private static Map<String, JsonNode> byId(List<? extends JsonNode> objects) {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        objects.stream().filter(o -> o != null && !o.isEmpty()).forEach(o -> byId.put(Kustomize.id(o), o));
        return byId;
    }

    static ObjectNode find(List<ObjectNode> objects, String kind, String name) {
        return objects.stream()
                .filter(o -> o.path("kind").asText().equals(kind) && o.at("/metadata/name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    static List<ObjectNode> all(List<ObjectNode> objects, String kind) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
    }

    static ArrayNode array(JsonNode node) {
        return node.isArray() ? (ArrayNode) node : Kustomize.YAML.createArrayNode();
    }
}
