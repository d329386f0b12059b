package io.omnihub.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * Checks rendered objects as the API server would with strict field validation: built-in kinds against fabric8's
 * Kubernetes model, custom resources against their CRD's OpenAPI v3 schema (committed under {@code k8s/crds}), and
 * both refuse fields they do not know.
 */
final class ManifestValidator {

    /** The built-in kinds the overlays use, by {@code apiVersion/kind}. Anything else must have a CRD schema. */
    static final Map<String, Class<? extends HasMetadata>> BUILT_IN = Map.of(
            "v1/ServiceAccount", ServiceAccount.class,
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/Service", Service.class,
            "apps/v1/Deployment", Deployment.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class);

    static final Path CRDS = Path.of("k8s", "crds");

    /** fabric8's model keeps unknown fields in additionalProperties instead of failing: they are looked for below. */
    static final ObjectMapper MODEL = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private final Map<String, JsonSchema> schemas = new HashMap<>();

    /** The problems found with one object; empty when it is valid. */
    List<String> problems(JsonNode object) {
        String type = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
        Class<? extends HasMetadata> model = BUILT_IN.get(type);
        if (model != null) {
            return modelProblems(object, model);
        }
        JsonSchema schema = schema(type);
        if (schema == null) {
            return List.of(type + ": neither a built-in kind known here nor a custom resource with a schema in " + CRDS);
        }
        List<String> problems = new ArrayList<>();
        for (ValidationMessage message : schema.validate(object)) {
            problems.add(message.getMessage());
        }
        // the CRD schemas say only "metadata: object"; the API server checks it as ObjectMeta
        problems.addAll(modelProblems(object.path("metadata"), ObjectMeta.class));
        return problems;
    }

    /** Typed deserialisation into fabric8's model, then any field the model did not know is a problem. */
    static <T> List<String> modelProblems(JsonNode object, Class<T> model) {
        Object typed;
        try {
            typed = MODEL.treeToValue(object, model);
        } catch (IOException e) {
            return List.of(model.getSimpleName() + ": " + e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        unknownFields(typed, "$", problems, new IdentityHashMap<>());
        return problems;
    }

    static <T> T typed(JsonNode object, Class<T> model) {
        try {
            return MODEL.treeToValue(object, model);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void unknownFields(Object value, String path, List<String> problems, Map<Object, Boolean> seen) {
        if (value == null || seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        if (value instanceof Collection<?> list) {
            int i = 0;
            for (Object element : list) {
                unknownFields(element, path + "[" + i++ + "]", problems, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, problems, seen));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Class<?> c = value.getClass(); c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                field.setAccessible(true);
                Object child;
                try {
                    child = field.get(value);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                if (field.getName().equals("additionalProperties") && child instanceof Map<?, ?> extra) {
                    extra.keySet().forEach(k -> problems.add(path + "." + k + ": unknown field"));
                } else {
                    unknownFields(child, path + "." + field.getName(), problems, seen);
                }
            }
        }
    }

    /**
     * The schema of {@code group/version/Kind}, from {@code k8s/crds/<operator-version>/<group>_<version>_<Kind>.schema.json}.
     */
    JsonSchema schema(String type) {
        return schemas.computeIfAbsent(type, t -> {
            String[] parts = t.split("/");
            if (parts.length != 3) {
                return null;
            }
            String fileName = parts[0] + "_" + parts[1] + "_" + parts[2] + ".schema.json";
            try (Stream<Path> files = Files.walk(CRDS)) {
                List<Path> found = files.filter(p -> p.getFileName().toString().equals(fileName)).toList();
                if (found.size() > 1) {
                    throw new IllegalStateException("two schemas for " + t + ": " + found);
                }
                if (found.isEmpty()) {
                    return null;
                }
                JsonNode crdSchema = new ObjectMapper().readTree(found.get(0).toFile());
                return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(strict(crdSchema.deepCopy()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * A CRD's structural schema made strict, as the API server's field validation is: an object schema that lists its
     * properties refuses others unless it says {@code x-kubernetes-preserve-unknown-fields}. The branches of
     * {@code allOf}, {@code anyOf}, {@code oneOf} and {@code not} list only the fields they constrain, so they are not
     * closed themselves (their nested objects are). The Kubernetes extensions, which a JSON Schema validator does not
     * know, are dropped afterwards.
     */
    static JsonNode strict(JsonNode schema) {
        return strict(schema, true);
    }

    private static JsonNode strict(JsonNode schema, boolean close) {
        if (!schema.isObject()) {
            return schema;
        }
        ObjectNode s = (ObjectNode) schema;
        boolean preserve = s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        if (close && s.has("properties") && !s.has("additionalProperties") && !preserve) {
            s.put("additionalProperties", false);
        }
        for (Iterator<String> names = s.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (name.startsWith("x-kubernetes-") || name.equals("$comment") || name.equals("nullable")) {
                names.remove();
            }
        }
        s.path("properties").forEach(p -> strict(p, true));
        for (String sub : List.of("items", "additionalProperties")) {
            if (s.has(sub)) {
                strict(s.get(sub), true);
            }
        }
        for (String branches : List.of("allOf", "anyOf", "oneOf")) {
            s.path(branches).forEach(b -> strict(b, false));
        }
        if (s.has("not")) {
            strict(s.get("not"), false);
        }
        return s;
    }
}
