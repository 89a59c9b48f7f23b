package io.projectservice.ops;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The document served at /q/openapi, read as a tree: its operations, references resolved, and
 * JSON Schema validation of values (examples, real responses) against its schemas.
 *
 * <p>OpenAPI 3.1 schemas are JSON Schema 2020-12; they are checked with networknt's validator,
 * with {@code $ref}s to {@code components.schemas} inlined and one tightening: an object schema
 * that lists {@code properties} and says nothing of other ones is closed
 * ({@code unevaluatedProperties: false}), so a misspelt or undocumented field fails instead of
 * passing as an extra. Members of an {@code allOf} are left open (each describes part of the
 * object); the schema holding the {@code allOf} is closed instead. Schemas that declare
 * {@code additionalProperties} (free-form objects such as metadata) are left as they say.
 */
final class OpenApiDoc {
    static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete", "head", "options");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true).build();

    final JsonNode root;

    private OpenApiDoc(JsonNode root) {
        this.root = root;
    }

    /** The document as the running service serves it. */
    static OpenApiDoc served() {
        String body = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString();
        try {
            return new OpenApiDoc(JSON.readTree(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One operation: where it is and its (unresolved) object. */
    record Operation(String path, String method, JsonNode node) {
        String name() {
            return method.toUpperCase() + " " + path;
        }
    }

    List<Operation> operations() {
        List<Operation> ops = new ArrayList<>();
        root.path("paths").fields().forEachRemaining(p -> p.getValue().fields().forEachRemaining(m -> {
            if (METHODS.contains(m.getKey())) {
                ops.add(new Operation(p.getKey(), m.getKey(), m.getValue()));
            }
        }));
        return ops;
    }

    Operation operation(String method, String path) {
        JsonNode node = root.path("paths").path(path).path(method);
        if (node.isMissingNode()) {
            throw new AssertionError("no operation " + method.toUpperCase() + " " + path + " in the document");
        }
        return new Operation(path, method, node);
    }

    /** A reference object followed (repeatedly) to what it names; anything else as it is. */
    JsonNode resolve(JsonNode node) {
        int hops = 0;
        while (node != null && node.has("$ref")) {
            String ref = node.get("$ref").asText();
            if (!ref.startsWith("#/") || ++hops > 10) {
                throw new AssertionError("unresolvable $ref " + ref);
            }
            JsonNode target = root.at(ref.substring(1));
            if (target.isMissingNode()) {
                throw new AssertionError("$ref " + ref + " names nothing in the document");
            }
            node = target;
        }
        return node;
    }

    /** The operation's parameters, resolved, keyed by "in:name". */
    Map<String, JsonNode> parameters(Operation op) {
        Map<String, JsonNode> params = new LinkedHashMap<>();
        for (JsonNode p : op.node().path("parameters")) {
            JsonNode param = resolve(p);
            params.put(param.path("in").asText() + ":" + param.path("name").asText(), param);
        }
        return params;
    }

    /** The examples of a media type or parameter object, by name, with component references followed. */
    Map<String, JsonNode> examples(JsonNode holder) {
        Map<String, JsonNode> examples = new LinkedHashMap<>();
        if (holder.has("example")) {
            examples.put("example", holder.get("example"));
        }
        holder.path("examples").fields().forEachRemaining(e -> {
            JsonNode example = resolve(e.getValue());
            if (example.has("value")) {
                examples.put(e.getKey(), example.get("value"));
            }
        });
        return examples;
    }

    /** Why the value does not match the schema (empty when it does). */
    List<String> validate(JsonNode schema, JsonNode value) {
        ObjectNode inlined = (ObjectNode) inline(schema, new ArrayDeque<>());
        close(inlined, false);
        JsonSchema compiled = FACTORY.getSchema(inlined, CONFIG);
        List<String> problems = new ArrayList<>();
        for (ValidationMessage m : compiled.validate(value)) {
            problems.add(m.getMessage());
        }
        return problems;
    }

    /** A copy of the schema with every {@code $ref} replaced by a copy of what it names. */
    private JsonNode inline(JsonNode node, Deque<String> refs) {
        if (node.isObject()) {
            if (node.has("$ref")) {
                String ref = node.get("$ref").asText();
                if (refs.contains(ref)) {
                    throw new AssertionError("recursive schema " + refs + " -> " + ref + ": extend inline()");
                }
                refs.push(ref);
                JsonNode target = inline(resolve(node), refs);
                refs.pop();
                if (node.size() == 1) {
                    return target;
                }
                ObjectNode merged = ((ObjectNode) node.deepCopy()).without("$ref");
                ObjectNode both = JSON.createObjectNode();
                both.putArray("allOf").add(target).add(inline(merged, refs));
                return both;
            }
            ObjectNode copy = JSON.createObjectNode();
            node.fields().forEachRemaining(f -> copy.set(f.getKey(), inline(f.getValue(), refs)));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JSON.createArrayNode();
            node.forEach(n -> copy.add(inline(n, refs)));
            return copy;
        }
        return node;
    }

    /** See the class comment: closes object schemas that are not a part of an allOf. */
    private static void close(JsonNode node, boolean allOfMember) {
        if (node.isArray()) {
            node.forEach(n -> close(n, false));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        ObjectNode schema = (ObjectNode) node;
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            switch (f.getKey()) {
                case "allOf" -> f.getValue().forEach(member -> close(member, true));
                case "properties", "patternProperties", "$defs" -> f.getValue().forEach(s -> close(s, false));
                case "items", "additionalProperties", "oneOf", "anyOf", "not", "prefixItems", "contains" ->
                        close(f.getValue(), false);
                default -> {
                    // annotations and assertions: nothing nested
                }
            }
        }
        boolean describesFields = schema.has("properties") || schema.has("allOf");
        if (!allOfMember && describesFields && !schema.has("additionalProperties")
                && !schema.has("unevaluatedProperties")) {
            schema.set("unevaluatedProperties", BooleanNode.FALSE);
        }
    }
}
