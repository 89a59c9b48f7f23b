package io.projectservice.projects;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.projectservice.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** export → import reproduces a project's state exactly; ids are kept when free, never fail. */
@QuarkusTest
class ExportImportRoundTripTest {
    private static final String WS = "roundtrip";
    private static final List<String> CONTENT = List.of("name", "description", "metadata", "ontology", "concepts",
            "files", "tables", "scope", "workspace_id", "author", "organization");

    @Test
    void roundTripReproducesTheState() {
        // a rich project: imported from a hand-written bundle with concepts, ontology and files
        Map<String, Object> rich = Map.of("format", "projects-export", "format_version", 1, "tables", Map.of(
                "project", table(List.of(Map.of("id", "rt-source-1", "name", "Supplier risk",
                        "description", "Tier-2 exposure", "metadata", Map.of("owner", "risk", "tags", List.of("a"))))),
                "concepts", table(List.of(Map.of("name", "high_risk_supplier", "concept_type", "rule",
                        "definition", "high_risk_supplier(S) :- supplier(S), score(S, X), X > 0.8."))),
                "ontology_nodes", table(List.of(Map.of("id", "supplier", "label", "Supplier",
                        "properties", Map.of("country", "string")), Map.of("id", "part", "label", "Part"))),
                "ontology_edges", table(List.of(Map.of("source", "supplier", "target", "part", "label", "supplies"))),
                "files", table(List.of(Map.of("name", "suppliers.csv", "content_type", "text/csv", "size", 120,
                        "sha256", "ab".repeat(32))))));
        String first = importBundle(rich, false);
        assertEquals("rt-source-1", first, "a free exported id is kept");

        Map<String, Object> exported = export(first);
        String second = importBundle(exported, false);
        assertNotEquals(first, second, "a taken id gets a new one instead of failing");

        Map<String, Object> a = load(first);
        Map<String, Object> b = load(second);
        for (String field : CONTENT) {
            assertEquals(a.get(field), b.get(field), field + " differs after the round trip");
        }
        assertEquals(List.of(Map.of("source", "supplier", "target", "part", "label", "supplies")),
                ((Map<?, ?>) b.get("ontology")).get("edges"));

        // and once more through a forced new id, from the second copy's export
        String third = importBundle(export(second), true);
        Map<String, Object> c = load(third);
        for (String field : CONTENT) {
            assertEquals(a.get(field), c.get(field), field + " differs after the second round trip");
        }
    }

    @Test
    void importAcceptsTheWholeExportResponseToo() {
        String id = Api.as("ann", "acme").body(Map.of("project", Map.of("name", "Wrapped")))
                .post(Api.SELF_HOSTED_SEED.path("ann", "acme", WS, "save")).then().statusCode(200)
                .extract().path("data.project_id");
        Map<String, Object> response = Api.as("ann", "acme").body(Map.of("project_id", id))
                .post(Api.SELF_HOSTED_SEED.path("ann", "acme", WS, "export-project")).then().statusCode(200)
                .extract().as(Map.class);
        Api.as("ann", "acme").body(Map.of("export_data", response))
                .post(Api.SELF_HOSTED_SEED.path("ann", "acme", WS, "import-project"))
                .then().statusCode(200).body("data.new_project_id", not(equalTo(id)));
    }

    private static Map<String, Object> table(List<Map<String, Object>> rows) {
        return Map.of("schema", List.of(), "data", rows, "row_count", rows.size());
    }

    private static String importBundle(Map<String, Object> bundle, boolean forceNewId) {
        return Api.as("ann", "acme").body(Map.of("export_data", bundle, "force_new_id", forceNewId))
                .post(Api.SELF_HOSTED_SEED.path("ann", "acme", WS, "import-project"))
                .then().statusCode(200).extract().path("data.new_project_id");
    }

    private static Map<String, Object> export(String id) {
        return Api.as("ann", "acme").body(Map.of("project_id", id))
                .post(Api.SELF_HOSTED_SEED.path("ann", "acme", WS, "export-project"))
                .then().statusCode(200).extract().path("data");
    }

    private static Map<String, Object> load(String id) {
        return Api.as("ann", "acme").queryParam("project_id", id)
                .get(Api.SELF_HOSTED_SEED.path("ann", "acme", WS, "load"))
                .then().statusCode(200).extract().path("data");
    }
}
