package io.projectservice.ops;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** /q/openapi describes every endpoint of API.md, with the bearer scheme. */
@QuarkusTest
class OpenApiTest {
    private static final String BASE = "/api/v1/projects/{workspace_id}/";
    private static final List<String> ACTIONS = List.of("save", "list", "load", "create-from-context",
            "create-from-context/jobs/{job_id}", "export-project", "import-project", "copy", "cleanup",
            "list-templates", "import-template", "snapshots/create", "snapshots/list", "snapshots/restore",
            "snapshots/delete", "export-workspace", "import-workspace", "history");

    @Test
    void everyEndpointIsDescribed() {
        Map<String, Object> doc = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().as(Map.class);
        Map<?, ?> paths = (Map<?, ?>) doc.get("paths");
        for (String action : ACTIONS) {
            assertTrue(paths.containsKey(BASE + action), "missing " + BASE + action + " in " + paths.keySet());
        }
        Map<?, ?> schemes = (Map<?, ?>) ((Map<?, ?>) doc.get("components")).get("securitySchemes");
        Map<?, ?> bearer = (Map<?, ?>) schemes.get("bearer");
        assertTrue(bearer != null && "bearer".equals(bearer.get("scheme")), "bearer scheme: " + schemes);
    }
}
