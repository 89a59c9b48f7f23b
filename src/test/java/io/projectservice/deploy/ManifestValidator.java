package io.projectservice.deploy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.strimzi.api.kafka.model.common.UnknownPropertyPreserving;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates one Kubernetes object against the schema of its apiVersion and kind, offline.
 *
 * <ul>
 * <li>Kubernetes kinds, KEDA {@code ScaledObject} and {@code TriggerAuthentication}, CloudNativePG
 * {@code Cluster}: the JSON Schemas committed in {@code k8s/schemas/} (generated from the kubernetes-models npm packages,
 * see the README there), checked with networknt's draft-07 validator. Every object type there has
 * {@code additionalProperties: false}, so an unknown or misspelt field fails, as it does with
 * {@code kubectl apply --validate=strict}; so do a wrong JSON type, a missing required field and
 * a wrong {@code apiVersion}/{@code kind} constant.</li>
 * <li>Strimzi {@code Kafka}, {@code KafkaNodePool}, {@code KafkaTopic}, {@code KafkaUser}: the
 * operator's own model classes ({@code io.strimzi:api}, the classes Strimzi generates its CRDs from and reads custom
 * resources into), bound with Jackson without type coercion; a field the model does not know
 * (kept by Strimzi as an "additional property", which the operator reports as unknown) fails,
 * and so does a missing {@code @JsonProperty(required = true)} field and an apiVersion the
 * operator does not serve.</li>
 * </ul>
 * An apiVersion/kind with no schema fails too: a typo in a kind never passes unchecked.
 */
final class ManifestValidator {
    static final Path SCHEMAS = Path.of("k8s", "schemas");
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
    private static final Map<String, Class<?>> STRIMZI = Map.of(
            "Kafka", Kafka.class, "KafkaNodePool", KafkaNodePool.class, "KafkaTopic", KafkaTopic.class,
            "KafkaUser", KafkaUser.class);
    private static final ObjectMapper STRICT = strictMapper();
    /** Writes every property, even those the model's @JsonInclude would leave out as defaults. */
    private static final ObjectMapper INCLUDE_ALL = JsonMapper.builder()
            .annotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public JsonInclude.Value findPropertyInclusion(Annotated a) {
                    return JsonInclude.Value.construct(JsonInclude.Include.ALWAYS, JsonInclude.Include.ALWAYS);
                }
            }).build();

    private final Map<Path, JsonSchema> schemas = new ConcurrentHashMap<>();

    /** The problems found, each prefixed with the object's kind and name; empty when valid. */
    List<String> validate(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText("");
        String kind = object.path("kind").asText("");
        String what = kind + " " + object.path("metadata").path("name").asText("<no name>") + ": ";
        List<String> problems = new ArrayList<>();
        if (apiVersion.isEmpty() || kind.isEmpty()) {
            problems.add(what + "apiVersion and kind are required");
            return problems;
        }
        if (apiVersion.startsWith("kafka.strimzi.io/")) {
            strimzi(object, apiVersion.substring(apiVersion.indexOf('/') + 1), kind, problems);
        } else {
            Path file = SCHEMAS.resolve(apiVersion.replace('/', '_').replace('.', '_') + "_" + kind + ".json");
            if (!Files.isRegularFile(file)) {
                problems.add("no schema for apiVersion " + apiVersion + ", kind " + kind + " (" + file
                        + " does not exist): a typo, or a kind k8s/schemas/generate.mjs does not list");
            } else {
                for (ValidationMessage m : schema(file).validate(object)) {
                    problems.add(m.getMessage());
                }
            }
        }
        problems.replaceAll(p -> what + p);
        return problems;
    }

    private JsonSchema schema(Path file) {
        return schemas.computeIfAbsent(file, f -> {
            try {
                return FACTORY.getSchema(Kustomize.YAML.readTree(f.toFile()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static void strimzi(JsonNode object, String version, String kind, List<String> problems) {
        Class<?> type = STRIMZI.get(kind);
        if (type == null) {
            problems.add("no model for Strimzi kind " + kind + " (only " + STRIMZI.keySet() + " are checked)");
            return;
        }
        try {
            @SuppressWarnings("unchecked")
            List<String> served = (List<String>) type.getField("VERSIONS").get(null);
            if (!served.contains(version)) {
                problems.add("$.apiVersion: Strimzi serves " + kind + " as " + served + ", not " + version);
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        Object bound;
        try {
            bound = STRICT.treeToValue(object, type);
        } catch (JsonMappingException e) {
            problems.add(path(e) + ": " + e.getOriginalMessage());
            return;
        } catch (IOException e) {
            problems.add(e.getMessage());
            return;
        }
        walk(bound, "$", problems);
        // a value the model could not represent (e.g. an enum constant it does not know, which
        // Strimzi's forValue() turns into null) is lost on the way in: it does not come back out
        ObjectNode in = object.deepCopy();
        in.remove(List.of("apiVersion", "kind")); // checked above; the model answers its own constants
        compare(in, INCLUDE_ALL.valueToTree(bound), "$", problems);
    }

    private static void compare(JsonNode in, JsonNode out, String path, List<String> problems) {
        if (in.isObject()) {
            in.fields().forEachRemaining(f -> {
                JsonNode o = out == null ? null : out.get(f.getKey());
                if (!f.getValue().isNull() && (o == null || o.isNull())) {
                    problems.add(path + "." + f.getKey() + ": value " + f.getValue() + " not accepted by the model");
                } else if (o != null) {
                    compare(f.getValue(), o, path + "." + f.getKey(), problems);
                }
            });
        } else if (in.isArray()) {
            for (int i = 0; i < in.size(); i++) {
                JsonNode o = out.get(i);
                if (!in.get(i).isNull() && (o == null || o.isNull())) {
                    problems.add(path + "[" + i + "]: value " + in.get(i) + " not accepted by the model");
                } else if (o != null) {
                    compare(in.get(i), o, path + "[" + i + "]", problems);
                }
            }
        } else if (!in.asText().equals(out.asText())) {
            problems.add(path + ": value " + in + " read by the model as " + out);
        }
    }

    /** Reports the properties Strimzi kept as unknown and the required ones left out, recursively. */
    private static void walk(Object value, String path, List<String> problems) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> c) {
            int i = 0;
            for (Object item : c) {
                walk(item, path + "[" + i++ + "]", problems);
            }
            return;
        }
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> walk(v, path + "." + k, problems));
            return;
        }
        String pkg = value.getClass().getPackageName();
        if (value.getClass().isEnum() || !pkg.startsWith("io.strimzi.") && !pkg.startsWith("io.fabric8.")) {
            return; // a scalar, an enum, or a free-form value (e.g. Kafka's config map)
        }
        if (path.length() > 2000) {
            throw new IllegalStateException("model graph too deep (a cycle?) at " + path.substring(0, 300));
        }
        Map<String, Object> unknown = value instanceof UnknownPropertyPreserving u ? u.getAdditionalProperties()
                : additionalProperties(value);
        if (unknown != null) {
            unknown.keySet().forEach(k -> problems.add(path + "." + k + ": unknown property (not in the "
                    + value.getClass().getSimpleName() + " model)"));
        }
        BeanDescription bean = STRICT.getSerializationConfig().introspect(STRICT.constructType(value.getClass()));
        for (BeanPropertyDefinition p : bean.findProperties()) {
            if (p.getAccessor() == null || "additionalProperties".equals(p.getName())) {
                continue;
            }
            Object v = p.getAccessor().getValue(value);
            if (v == null && p.isRequired()) {
                problems.add(path + "." + p.getName() + ": required property is missing");
            }
            walk(v, path + "." + p.getName(), problems);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> additionalProperties(Object value) {
        try {
            Object m = value.getClass().getMethod("getAdditionalProperties").invoke(value);
            return m instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
        } catch (NoSuchMethodException e) {
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder("$");
        for (JsonMappingException.Reference r : e.getPath()) {
            sb.append(r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]");
        }
        return sb.toString();
    }

    private static ObjectMapper strictMapper() {
        JsonMapper mapper = JsonMapper.builder()
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .build();
        // no number or boolean silently turned into a string either
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }
}
