package io.omnihub.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Renders a kustomization the way {@code kustomize build} does, for the subset of kustomize v2.0.3 (kubectl 1.20's
 * built-in one) that the overlays of {@code k8s/} use: {@code bases}, {@code resources} (files),
 * {@code patchesStrategicMerge}, {@code images}, {@code commonLabels}, {@code namespace}, and {@code configMapGenerator}
 * without the name hash. Any other field is refused, so an overlay cannot drift outside what this renders faithfully.
 * <p>
 * Why it exists: no kustomize runs on the JVM (Maven Central has none), and CI may assume nothing installed. When a
 * {@code kubectl} is installed, {@code OverlaysTest} compares this renderer's output with {@code kubectl kustomize}.
 */
final class Kustomize {

    static final ObjectMapper YAML = new YAMLMapper();

    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "namespace", "commonLabels", "bases",
            "resources", "patchesStrategicMerge", "images", "configMapGenerator", "generatorOptions");

    /** Kinds without a namespace (the ones kustomize's namespace transformer skips) that could appear here. */
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "PersistentVolume", "StorageClass", "PriorityClass");

    /** Patch merge keys of the Kubernetes API for the lists a strategic merge patch merges rather than replaces. */
    private static final Map<String, String> MERGE_KEYS = Map.of("containers", "name", "initContainers", "name",
            "env", "name", "volumes", "name", "volumeMounts", "mountPath", "imagePullSecrets", "name",
            "topologySpreadConstraints", "topologyKey");

    /** Workload kinds whose selector and pod template labels take commonLabels (kustomize's commonLabels fieldspecs). */
    private static final Set<String> WORKLOADS = Set.of("Deployment", "ReplicaSet", "DaemonSet", "StatefulSet");

    private Kustomize() {
    }

    /** The objects {@code kustomize build dir} prints, in the order they were declared. */
    static List<ObjectNode> build(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        ObjectNode k = (ObjectNode) readAll(root.resolve("kustomization.yaml")).get(0);
        k.fieldNames().forEachRemaining(field -> {
            if (!SUPPORTED.contains(field)) {
                throw new IllegalArgumentException(root + "/kustomization.yaml: field '" + field
                        + "' is outside the kustomize v2.0.3 subset this renderer (and kubectl 1.20) handles");
            }
        });
        List<ObjectNode> objects = new ArrayList<>();
        for (String base : strings(k.get("bases"))) {
            objects.addAll(build(root.resolve(base)));
        }
        for (String resource : strings(k.get("resources"))) {
            Path file = inside(root, resource);
            if (Files.isDirectory(file)) {
                throw new IllegalArgumentException(file + ": kustomize v2.0.3 takes a directory under bases, not resources");
            }
            readAll(file).forEach(o -> objects.add((ObjectNode) o));
        }
        objects.addAll(generateConfigMaps(root, k));
        Map<String, ObjectNode> byId = new LinkedHashMap<>();
        for (ObjectNode o : objects) {
            if (byId.put(id(o), o) != null) {
                throw new IllegalArgumentException(root + ": " + id(o) + " is declared twice");
            }
        }
        for (String patchFile : strings(k.get("patchesStrategicMerge"))) {
            for (JsonNode patch : readAll(inside(root, patchFile))) {
                ObjectNode target = objects.stream().filter(o -> sameTarget(o, patch)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException(
                                patchFile + ": no object " + id(patch) + " to patch in " + root));
                mergePatch(target, (ObjectNode) patch);
            }
        }
        if (k.hasNonNull("namespace")) {
            objects.stream().filter(o -> !CLUSTER_SCOPED.contains(o.path("kind").asText()))
                    .forEach(o -> metadata(o).put("namespace", k.get("namespace").asText()));
        }
        if (k.has("commonLabels")) {
            objects.forEach(o -> commonLabels(o, (ObjectNode) k.get("commonLabels")));
        }
        for (JsonNode image : k.path("images")) {
            objects.forEach(o -> setImage(o, image));
        }
        return objects;
    }

    /** {@code Kind/namespace/name}: what kustomize tells objects apart by. */
    static String id(JsonNode o) {
        return o.path("kind").asText() + "/" + o.path("metadata").path("namespace").asText("~") + "/"
                + o.path("metadata").path("name").asText();
    }

    static List<JsonNode> readAll(Path file) {
        try {
            List<JsonNode> docs = new ArrayList<>();
            try (var values = YAML.readerFor(JsonNode.class).readValues(Files.readString(file))) {
                while (values.hasNext()) {
                    JsonNode doc = (JsonNode) values.next();
                    if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                        docs.add(doc);
                    }
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
    }

    private static List<ObjectNode> generateConfigMaps(Path root, ObjectNode k) {
        JsonNode options = k.path("generatorOptions");
        List<ObjectNode> generated = new ArrayList<>();
        for (JsonNode generator : k.path("configMapGenerator")) {
            if (!options.path("disableNameSuffixHash").asBoolean(false)) {
                throw new IllegalArgumentException(root + ": configMapGenerator needs generatorOptions."
                        + "disableNameSuffixHash: true here (this renderer does not compute kustomize's name hash)");
            }
            ObjectNode cm = YAML.createObjectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
            ObjectNode meta = cm.putObject("metadata").put("name", generator.path("name").asText());
            if (options.has("labels")) {
                meta.set("labels", options.get("labels").deepCopy());
            }
            if (options.has("annotations")) {
                meta.set("annotations", options.get("annotations").deepCopy());
            }
            ObjectNode data = cm.putObject("data");
            for (String file : strings(generator.get("files"))) {
                Path path = inside(root, file);
                try {
                    data.put(path.getFileName().toString(), Files.readString(path, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            for (String literal : strings(generator.get("literals"))) {
                int eq = literal.indexOf('=');
                data.put(literal.substring(0, eq), literal.substring(eq + 1));
            }
            generated.add(cm);
        }
        return generated;
    }

    /** kustomize's load restriction: a kustomization reads files under its own directory only. */
    private static Path inside(Path root, String relative) {
        Path file = root.resolve(relative).normalize();
        if (!file.startsWith(root)) {
            throw new IllegalArgumentException(relative + " is outside " + root + " (kustomize refuses to load it)");
        }
        return file;
    }

    private static boolean sameTarget(JsonNode object, JsonNode patch) {
        return object.path("apiVersion").equals(patch.path("apiVersion")) && object.path("kind").equals(patch.path("kind"))
                && object.path("metadata").path("name").equals(patch.path("metadata").path("name"));
    }

    /**
     * A strategic merge patch: maps merge, {@code null} deletes, lists with a Kubernetes merge key merge element by
     * element, every other list is replaced.
     */
    static void mergePatch(ObjectNode target, ObjectNode patch) {
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (name.startsWith("$")) {
                throw new IllegalArgumentException("patch directive " + name + " is not supported by this renderer");
            }
            JsonNode current = target.get(name);
            if (value.isNull()) {
                target.remove(name);
            } else if (value.isObject() && current != null && current.isObject()) {
                mergePatch((ObjectNode) current, (ObjectNode) value);
            } else if (value.isArray() && current != null && current.isArray() && mergeKey(name, value) != null) {
                mergeList((ArrayNode) current, (ArrayNode) value, mergeKey(name, value));
            } else {
                target.set(name, value.deepCopy());
            }
        }
    }

    private static String mergeKey(String field, JsonNode patchList) {
        if (field.equals("ports")) {
            // container ports merge by containerPort, a Service's by port
            return patchList.path(0).has("containerPort") ? "containerPort" : "port";
        }
        return MERGE_KEYS.get(field);
    }

    private static void mergeList(ArrayNode target, ArrayNode patch, String key) {
        for (JsonNode element : patch) {
            if (!element.has(key)) {
                throw new IllegalArgumentException("a patched list element lacks its merge key " + key + ": " + element);
            }
            ObjectNode existing = null;
            for (JsonNode candidate : target) {
                if (candidate.path(key).equals(element.get(key))) {
                    existing = (ObjectNode) candidate;
                }
            }
            if (existing == null) {
                target.add(element.deepCopy());
            } else {
                mergePatch(existing, (ObjectNode) element);
            }
        }
    }

    /**
     * commonLabels as kustomize v2.0.3 applies them: every object's labels, and the selectors and pod templates of
     * workloads, Services, PodDisruptionBudgets and NetworkPolicies (selectors are only filled where they exist).
     */
    private static void commonLabels(ObjectNode o, ObjectNode labels) {
        labelsAt(metadata(o), "labels", labels);
        String kind = o.path("kind").asText();
        JsonNode spec = o.path("spec");
        if (!spec.isObject()) {
            return;
        }
        ObjectNode s = (ObjectNode) spec;
        if (kind.equals("Service")) {
            labelsAt(s, "selector", labels);
        } else if (WORKLOADS.contains(kind)) {
            labelsAt(s.has("selector") ? (ObjectNode) s.get("selector") : s.putObject("selector"), "matchLabels", labels);
            ObjectNode template = s.has("template") ? (ObjectNode) s.get("template") : s.putObject("template");
            labelsAt(metadata(template), "labels", labels);
        } else if (kind.equals("PodDisruptionBudget") && s.path("selector").isObject()) {
            labelsAt((ObjectNode) s.get("selector"), "matchLabels", labels);
        } else if (kind.equals("NetworkPolicy") && s.path("podSelector").isObject()) {
            labelsAt((ObjectNode) s.get("podSelector"), "matchLabels", labels);
        }
    }

    private static void labelsAt(ObjectNode parent, String field, ObjectNode labels) {
        ObjectNode map = parent.has(field) && parent.get(field).isObject() ? (ObjectNode) parent.get(field)
                : parent.putObject(field);
        map.setAll(labels.deepCopy());
    }

    private static ObjectNode metadata(ObjectNode o) {
        return o.has("metadata") ? (ObjectNode) o.get("metadata") : o.putObject("metadata");
    }

    /** kustomize's images transformer: any {@code containers} or {@code initContainers} list, at any depth. */
    private static void setImage(JsonNode node, JsonNode image) {
        if (node.isArray()) {
            node.forEach(n -> setImage(n, image));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        for (String list : List.of("containers", "initContainers")) {
            for (JsonNode container : node.path(list)) {
                if (container.has("image")) {
                    String old = container.get("image").asText();
                    if (imageName(old).equals(image.path("name").asText())) {
                        ((ObjectNode) container).put("image", newImage(old, image));
                    }
                }
            }
        }
        node.elements().forEachRemaining(child -> setImage(child, image));
    }

    static String imageName(String image) {
        String name = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int slash = name.lastIndexOf('/');
        int colon = name.lastIndexOf(':');
        return colon > slash ? name.substring(0, colon) : name;
    }

    private static String newImage(String old, JsonNode image) {
        String name = image.path("newName").asText(imageName(old));
        if (image.hasNonNull("digest")) {
            return name + "@" + image.get("digest").asText();
        }
        if (image.hasNonNull("newTag")) {
            return name + ":" + image.get("newTag").asText();
        }
        return name + old.substring(imageName(old).length());
    }

    private static List<String> strings(JsonNode list) {
        List<String> out = new ArrayList<>();
        if (list != null) {
            list.forEach(n -> out.add(n.asText()));
        }
        return out;
    }
}
