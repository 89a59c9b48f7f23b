package io.projectservice.ops;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.projectservice.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Swagger UI offers each route family as a definition of its own, derived from the one document:
 * the same operations, valid OpenAPI 3.1, under paths the service really serves.
 */
@QuarkusTest
class RouteFamilyDocumentsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theDefaultWorkspaceFamilyHasEveryOperationWithoutAWorkspace() throws Exception {
        JsonNode main = OpenApiDoc.served().root;
        JsonNode doc = fetch("/openapi/projects-default-workspace");
        valid(doc);
        assertEquals(main.path("paths").size(), doc.path("paths").size());
        assertTrue(doc.path("paths").has("/api/v1/operator/pipeline"), "the operator path stays");
        List<String> paths = names(doc.path("paths"));
        assertTrue(paths.contains("/api/v1/projects/save") && paths.contains("/api/v1/projects/snapshots/list"), paths.toString());
        for (String path : paths) {
            assertFalse(path.contains("{workspace_id}"), path);
        }
        assertFalse(doc.path("paths").toString().contains("parameters/workspace_id"), "a workspace parameter is left");
        assertEquals(operationCount(main), operationCount(doc));
    }

    @Test
    void theOntologiesFamilyHasBothLayoutsWithTheSdkNames() throws Exception {
        JsonNode main = OpenApiDoc.served().root;
        JsonNode doc = fetch("/openapi/ontologies");
        valid(doc);
        int familyPaths = (int) names(main.path("paths")).stream().filter(p -> p.startsWith("/api/v1/projects/")).count();
        assertEquals(2 * familyPaths + main.path("paths").size() - familyPaths, doc.path("paths").size());
        List<String> paths = names(doc.path("paths"));
        for (String expected : List.of("/api/v1/ontologies/export-ontology", "/api/v1/ontologies/import-ontology",
                "/api/v1/ontologies/{workspace_id}/export-ontology", "/api/v1/ontologies/list")) {
            assertTrue(paths.contains(expected), expected + " in " + paths);
        }
        assertFalse(paths.contains("/api/v1/ontologies/export-project"), paths.toString());
        Set<String> ids = new HashSet<>();
        doc.path("paths").forEach(item -> item.forEach(op -> {
            if (op.has("operationId")) {
                assertTrue(ids.add(op.path("operationId").asText()), "duplicate operationId " + op.path("operationId"));
            }
        }));
    }

    @Test
    void theDerivedPathsAreServed() {
        String token = Tokens.bearer("docs-reader", "docs-org");
        for (String path : List.of("/api/v1/projects/list", "/api/v1/ontologies/list", "/api/v1/ontologies/my-workspace/list")) {
            given().header("Authorization", token).get(path).then().statusCode(200);
        }
    }

    @Test
    void swaggerUiOffersTheThreeDefinitions() {
        String page = given().get("/q/swagger-ui/index.html").then().statusCode(200).extract().asString();
        for (String url : List.of("/q/openapi", "/openapi/projects-default-workspace", "/openapi/ontologies")) {
            assertTrue(page.contains(url), url + " not offered by Swagger UI");
        }
    }

    private static JsonNode fetch(String path) throws Exception {
        return JSON.readTree(given().get(path).then().statusCode(200).contentType("application/json").extract().asString());
    }

    private static void valid(JsonNode doc) throws Exception {
        try (InputStream in = RouteFamilyDocumentsTest.class.getResourceAsStream("/openapi/openapi-3.1.schema.json")) {
            JsonSchema spec = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(JSON.readTree(in));
            List<String> problems = new ArrayList<>();
            spec.validate(doc).forEach(m -> problems.add(m.getMessage()));
            assertTrue(problems.isEmpty(), String.join("\n", problems));
        }
    }

    private static int operationCount(JsonNode doc) {
        int[] n = {0};
        doc.path("paths").forEach(item -> item.fieldNames().forEachRemaining(k -> {
            if (List.of("get", "post", "put", "delete", "patch").contains(k)) {
                n[0]++;
            }
        }));
        return n[0];
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
