package io.projectservice.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * /q/openapi describes every endpoint of API.md, exactly the routes the resources serve with the
 * parameters they read, with a summary, request and success schemas and examples that match them.
 * (OpenApiExamplesTest sends the examples to the service.)
 */
@QuarkusTest
class OpenApiTest {
    private static final String BASE = "/api/v1/projects/{workspace_id}/";
    private static final List<String> ACTIONS = List.of("save", "list", "load", "create-from-context",
            "create-from-context/jobs/{job_id}", "export-project", "import-project", "copy", "cleanup",
            "list-templates", "import-template", "snapshots/create", "snapshots/list", "snapshots/restore",
            "snapshots/delete", "export-workspace", "import-workspace", "history");
    private static final String RESOURCES = "io.projectservice.api";

    private OpenApiDoc doc;

    @BeforeEach
    void readTheDocument() {
        doc = OpenApiDoc.served();
    }

    @Test
    void everyEndpointIsDescribed() {
        JsonNode paths = doc.root.path("paths");
        for (String action : ACTIONS) {
            assertTrue(paths.has(BASE + action), "missing " + BASE + action + " in " + names(paths));
        }
        JsonNode bearer = doc.root.at("/components/securitySchemes/bearer");
        assertEquals("http", bearer.path("type").asText(), "bearer scheme: " + bearer);
        assertEquals("bearer", bearer.path("scheme").asText(), "bearer scheme: " + bearer);
        assertEquals("bearer", doc.root.at("/security/0").fieldNames().next(), "every operation needs the bearer");
    }

    /** A valid OpenAPI 3.1 document, by the specification's own JSON Schema (see test resources/openapi). */
    @Test
    void isAValidOpenApi31Document() throws IOException {
        assertEquals("3.1.0", doc.root.path("openapi").asText());
        try (InputStream in = OpenApiTest.class.getResourceAsStream("/openapi/openapi-3.1.schema.json")) {
            JsonSchema spec = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(new ObjectMapper().readTree(in));
            List<String> problems = new ArrayList<>();
            spec.validate(doc.root).forEach(m -> problems.add(m.getMessage()));
            assertTrue(problems.isEmpty(), String.join("\n", problems));
        }
    }

    /**
     * The document is written by hand (annotation scanning is off): it must hold exactly the
     * resource methods' routes, each with every path, query and header parameter and form field
     * the method reads, and a body for each media type it consumes.
     */
    @Test
    void theDocumentMatchesTheResources() throws Exception {
        Set<String> served = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (Class<?> resource : resources()) {
            String base = resource.getAnnotation(Path.class).value();
            for (Method m : resource.getDeclaredMethods()) {
                String method = m.isAnnotationPresent(GET.class) ? "get" : m.isAnnotationPresent(POST.class) ? "post"
                        : null;
                if (method == null) {
                    continue;
                }
                String path = base + (m.isAnnotationPresent(Path.class) ? "/" + m.getAnnotation(Path.class).value() : "");
                served.add(method.toUpperCase() + " " + path);
                JsonNode node = doc.root.path("paths").path(path).path(method);
                if (node.isMissingNode()) {
                    continue; // reported below
                }
                checkParameters(new OpenApiDoc.Operation(path, method, node), m, problems);
            }
        }
        Set<String> documented = new TreeSet<>();
        doc.operations().forEach(op -> documented.add(op.name()));
        assertEquals(served, documented, "routes served (left) and documented (right)");
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private void checkParameters(OpenApiDoc.Operation op, Method m, List<String> problems) {
        Map<String, JsonNode> params = doc.parameters(op);
        Set<String> read = new HashSet<>();
        for (Parameter p : m.getParameters()) {
            String in = p.isAnnotationPresent(RestPath.class) ? "path" : p.isAnnotationPresent(RestQuery.class) ? "query"
                    : p.isAnnotationPresent(RestHeader.class) ? "header" : null;
            if (in != null) {
                String name = name(p);
                read.add(in + ":" + name);
                if (!params.containsKey(in + ":" + name)) {
                    problems.add(op.name() + ": the " + in + " parameter '" + name + "' is not documented");
                }
            }
        }
        if (op.method().equals("post") && !params.containsKey("header:Idempotency-Key")) {
            problems.add(op.name() + ": IdempotencyFilter reads Idempotency-Key on every POST; not documented");
        }
        params.forEach((key, param) -> {
            // headers read by filters (Idempotency-Key) are not method parameters
            if (!key.startsWith("header:") && !read.contains(key)) {
                problems.add(op.name() + ": documents parameter " + key + ", which the method does not read");
            }
        });
        Consumes consumes = m.getAnnotation(Consumes.class);
        if (consumes == null) {
            return;
        }
        for (String type : consumes.value()) {
            JsonNode media = doc.resolve(op.node().path("requestBody")).path("content").path(type);
            if (media.isMissingNode()) {
                problems.add(op.name() + ": no request body of " + type);
                continue;
            }
            JsonNode schema = doc.resolve(media.path("schema"));
            for (Parameter p : m.getParameters()) {
                if (p.isAnnotationPresent(RestForm.class) && !hasProperty(schema, name(p))) {
                    problems.add(op.name() + ": form field '" + name(p) + "' missing from the " + type + " schema");
                }
            }
            if (type.equals(MediaType.APPLICATION_JSON) && !schema.has("properties") && !schema.has("allOf")) {
                problems.add(op.name() + ": the JSON body has no described fields");
            }
        }
    }

    /** (a) a summary and a description everywhere, every parameter and response described. */
    @Test
    void everyOperationHasASummaryAndDescriptions() {
        List<String> problems = new ArrayList<>();
        for (var op : doc.operations()) {
            for (String field : List.of("summary", "description")) {
                if (op.node().path(field).asText().isBlank()) {
                    problems.add(op.name() + ": no " + field);
                }
            }
            if (op.node().path("tags").size() != 1) {
                problems.add(op.name() + ": one tag expected, got " + op.node().path("tags"));
            }
            doc.parameters(op).forEach((key, p) -> {
                if (p.path("description").asText().isBlank()) {
                    problems.add(op.name() + ": parameter " + key + " has no description");
                }
            });
            op.node().path("responses").fields().forEachRemaining(r -> {
                if (doc.resolve(r.getValue()).path("description").asText().isBlank()) {
                    problems.add(op.name() + ": response " + r.getKey() + " has no description");
                }
            });
        }
        Set<String> tags = new HashSet<>();
        doc.root.path("tags").forEach(t -> tags.add(t.path("name").asText()));
        doc.operations().forEach(op -> op.node().path("tags").forEach(t -> {
            if (!tags.contains(t.asText())) {
                problems.add(op.name() + ": tag '" + t.asText() + "' is not declared with a description");
            }
        }));
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /**
     * Every operation may answer 429 (rate limited) with {@code Retry-After} and the
     * {@code RateLimit}/{@code RateLimit-Policy} fields, and 503 (database unavailable) with
     * {@code Retry-After}, as the service does (RateLimitTest, DatabaseConnectionLossTest).
     */
    @Test
    void everyOperationDocumentsItsRateLimitAndRetryAfter() {
        List<String> problems = new ArrayList<>();
        for (var op : doc.operations()) {
            JsonNode responses = op.node().path("responses");
            Map<String, List<String>> expected = Map.of("429", List.of("Retry-After", "RateLimit", "RateLimit-Policy"),
                    "503", List.of("Retry-After"));
            expected.forEach((status, headers) -> {
                if (!responses.has(status)) {
                    problems.add(op.name() + ": no " + status);
                    return;
                }
                JsonNode documented = doc.resolve(responses.get(status)).path("headers");
                for (String header : headers) {
                    if (doc.resolve(documented.path(header)).path("schema").isMissingNode()) {
                        problems.add(op.name() + ": " + status + " without the " + header + " header");
                    }
                }
            });
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** (b) every POST has a request body, each media type with a schema and an example. */
    @Test
    void everyPostHasARequestBodyWithSchemaAndExample() {
        List<String> problems = new ArrayList<>();
        for (var op : doc.operations()) {
            if (!op.method().equals("post")) {
                continue;
            }
            JsonNode content = doc.resolve(op.node().path("requestBody")).path("content");
            if (content.isEmpty()) {
                problems.add(op.name() + ": no request body");
            }
            content.fields().forEachRemaining(media -> {
                if (!media.getValue().has("schema")) {
                    problems.add(op.name() + ": request " + media.getKey() + " has no schema");
                }
                if (doc.examples(media.getValue()).isEmpty()) {
                    problems.add(op.name() + ": request " + media.getKey() + " has no example");
                }
            });
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** (c) every operation answers 200 or 202; each success response has a JSON schema and an example. */
    @Test
    void everyOperationHasASuccessResponseWithSchemaAndExample() {
        List<String> problems = new ArrayList<>();
        for (var op : doc.operations()) {
            JsonNode responses = op.node().path("responses");
            if (!responses.has("200") && !responses.has("202")) {
                problems.add(op.name() + ": neither 200 nor 202");
            }
            for (String status : List.of("200", "202")) {
                if (!responses.has(status)) {
                    continue;
                }
                JsonNode media = doc.resolve(responses.get(status)).path("content").path(MediaType.APPLICATION_JSON);
                if (!media.has("schema")) {
                    problems.add(op.name() + ": " + status + " has no application/json schema");
                }
                if (doc.examples(media).isEmpty()) {
                    problems.add(op.name() + ": " + status + " has no example");
                }
            }
            responses.fields().forEachRemaining(r -> {
                JsonNode response = doc.resolve(r.getValue());
                response.path("content").fields().forEachRemaining(media -> {
                    if (!media.getValue().has("schema") || doc.examples(media.getValue()).isEmpty()) {
                        problems.add(op.name() + ": response " + r.getKey() + " lacks a schema or an example");
                    }
                });
            });
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /**
     * (d) every example (request bodies, responses, parameters, shared responses) validates
     * against its schema, and every component is used.
     */
    @Test
    void everyExampleMatchesItsSchema() {
        List<String> problems = new ArrayList<>();
        int[] checked = {0};
        for (var op : doc.operations()) {
            doc.parameters(op).forEach((key, p) -> doc.examples(p).forEach((name, value) -> {
                checked[0]++;
                doc.validate(p.path("schema"), value)
                        .forEach(m -> problems.add(op.name() + " parameter " + key + " example: " + m));
            }));
            doc.resolve(op.node().path("requestBody")).path("content").fields().forEachRemaining(media ->
                    checkExamples(op.name() + " request " + media.getKey(), media.getValue(), problems, checked));
            op.node().path("responses").fields().forEachRemaining(r -> doc.resolve(r.getValue()).path("content")
                    .fields().forEachRemaining(media -> checkExamples(op.name() + " " + r.getKey() + " "
                            + media.getKey(), media.getValue(), problems, checked)));
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(checked[0] >= 100, "only " + checked[0] + " examples checked");

        Set<String> refs = new HashSet<>();
        collectRefs(doc.root, refs);
        doc.root.path("components").fields().forEachRemaining(kind -> {
            if (!kind.getKey().equals("securitySchemes")) {
                kind.getValue().fieldNames().forEachRemaining(name -> {
                    String ref = "#/components/" + kind.getKey() + "/" + name;
                    if (!refs.contains(ref)) {
                        problems.add(ref + " is never used");
                    }
                });
            }
        });
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private void checkExamples(String where, JsonNode media, List<String> problems, int[] checked) {
        doc.examples(media).forEach((name, value) -> {
            checked[0]++;
            doc.validate(media.path("schema"), value).forEach(m -> problems.add(where + " example " + name + ": " + m));
        });
    }

    private static void collectRefs(JsonNode node, Set<String> refs) {
        if (node.has("$ref")) {
            refs.add(node.get("$ref").asText());
        }
        node.forEach(child -> collectRefs(child, refs));
    }

    private boolean hasProperty(JsonNode schema, String name) {
        if (schema.path("properties").has(name)) {
            return true;
        }
        for (JsonNode member : schema.path("allOf")) {
            if (hasProperty(doc.resolve(member), name)) {
                return true;
            }
        }
        return false;
    }

    private static String name(Parameter p) {
        String value = p.isAnnotationPresent(RestPath.class) ? p.getAnnotation(RestPath.class).value()
                : p.isAnnotationPresent(RestQuery.class) ? p.getAnnotation(RestQuery.class).value()
                : p.isAnnotationPresent(RestHeader.class) ? p.getAnnotation(RestHeader.class).value()
                : p.isAnnotationPresent(RestForm.class) ? p.getAnnotation(RestForm.class).value() : "";
        return value.isEmpty() ? p.getName() : value;
    }

    /** The JAX-RS resource classes of the API package (a new one is checked without listing it here). */
    private static List<Class<?>> resources() throws IOException, ClassNotFoundException {
        var dir = java.nio.file.Path.of("target", "classes").resolve(RESOURCES.replace('.', '/'));
        List<Class<?>> found = new ArrayList<>();
        try (Stream<java.nio.file.Path> files = Files.list(dir)) {
            for (var f : files.toList()) {
                String file = f.getFileName().toString();
                if (file.endsWith(".class") && !file.contains("$")) {
                    Class<?> c = Class.forName(RESOURCES + "." + file.substring(0, file.length() - 6));
                    if (c.isAnnotationPresent(Path.class)) {
                        found.add(c);
                    }
                }
            }
        }
        assertTrue(found.size() >= 5, "resource classes found: " + found);
        return found;
    }

    private static String names(JsonNode paths) {
        List<String> names = new ArrayList<>();
        paths.fieldNames().forEachRemaining(names::add);
        return names.toString();
    }
}
