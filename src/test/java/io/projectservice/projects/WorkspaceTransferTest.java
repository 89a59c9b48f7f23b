package io.projectservice.projects;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.projectservice.support.Api;
import io.projectservice.support.EventLog;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * export-workspace answers a bundle for every project the caller sees in the requested scope, and
 * import-workspace brings each back as its own project; a broken bundle fails alone and leaves
 * nothing behind.
 */
@QuarkusTest
class WorkspaceTransferTest {
    private static final List<String> CONTENT = List.of("name", "description", "metadata", "ontology", "concepts",
            "files", "tables");

    @Inject
    EventLog log;

    @ParameterizedTest
    @EnumSource(Api.class)
    void exportsWhatTheCallerSeesAndImportsEachProjectWhole(Api api) {
        String user = "wes-" + api.ordinal();
        String org = "wsorg-" + api.ordinal();
        String ws = "ws-transfer";
        String a = save(api, user, org, ws, Map.of("name", "Alpha", "description", "first",
                "metadata", Map.of("k", 1)));
        String b = save(api, user, org, ws, Map.of("name", "Beta"));
        String rich = Api.as(user, org).body(Map.of("export_data", Map.of("tables", Map.of(
                "project", table(Map.of("name", "Gamma", "metadata", Map.of("team", "risk"))),
                "concepts", table(Map.of("name", "late_payer", "definition", "late_payer(X) :- overdue(X).")),
                "ontology_nodes", table(Map.of("id", "customer")),
                "ontology_edges", table(Map.of("source", "customer", "target", "customer", "label", "refers")))),
                "force_new_id", true))
                .post(api.path(user, org, ws, "import-project")).then().statusCode(200)
                .extract().path("data.new_project_id");
        String gone = save(api, user, org, ws, Map.of("name", "Deleted"));
        Api.as(user, org).body(Map.of("project", Map.of("id", gone))).post(api.path(user, org, ws, "cleanup"))
                .then().statusCode(200);
        String shared = save(api, "colleague", org, ws, Map.of("name", "Shared", "scope", "organization"));
        save(api, "colleague", org, ws, Map.of("name", "Colleague's own"));

        Map<String, Object> export = Api.as(user, org).body("{}").post(api.path(user, org, ws, "export-workspace"))
                .then().statusCode(200)
                .body("message", equalTo("Workspace '" + api.workspace(ws) + "' exported successfully: 3 user"
                        + " project(s) with 21 tables and 9 rows."))
                .body("data.scope", equalTo("user"))
                .body("data.summary.total_projects", equalTo(3))
                .body("data.projects." + rich + ".format", equalTo("projects-export"))
                .extract().path("data");
        assertEquals(Set.of(a, b, rich), ((Map<?, ?>) export.get("projects")).keySet());
        Api.as(user, org).body(Map.of("scope", "organization")).post(api.path(user, org, ws, "export-workspace"))
                .then().statusCode(200).body("data.projects.keySet()", equalTo(Set.of(shared)));

        // back in, with one bundle that is not a project and one that is not even an object
        Map<String, Object> projects = new HashMap<>(cast(export.get("projects")));
        projects.put("broken", Map.of("tables", Map.of("concepts", table(Map.of("name", "orphan")))));
        projects.put("junk", 5);
        Map<String, Object> withBroken = new HashMap<>(export);
        withBroken.put("projects", projects);
        long before = log.count();
        Map<String, Object> result = Api.as(user, org).body(Map.of("export_data", withBroken))
                .post(api.path(user, org, ws, "import-workspace")).then().statusCode(200)
                .body("message", equalTo("Imported 3 of 5 project(s) into workspace '" + api.workspace(ws)
                        + "'; 2 failed, see projects_failed."))
                .body("data.summary.imported", equalTo(3))
                .body("data.summary.failed", equalTo(2))
                .body("data.projects_failed.broken.error", containsString("no table 'project'"))
                .body("data.projects_failed.junk.error", containsString("not a JSON object"))
                .extract().path("data");
        assertEquals(before + 3, log.count(), "one event per imported project, nothing of the failed ones");
        Map<String, Map<String, Object>> imported = cast(result.get("projects_imported"));
        assertEquals(Set.of(a, b, rich), imported.keySet());
        for (var entry : imported.entrySet()) {
            String copy = (String) entry.getValue().get("new_project_id");
            assertNotEquals(entry.getKey(), copy, "ids in use are replaced, never fail");
            assertEquals(List.of("ProjectImported"), log.types(copy));
            Map<String, Object> original = load(api, user, org, ws, entry.getKey());
            Map<String, Object> again = load(api, user, org, ws, copy);
            for (String field : CONTENT) {
                assertEquals(original.get(field), again.get(field), field + " of " + entry.getKey());
            }
        }

        // the whole export response is accepted as export_data too
        Map<String, Object> response = Api.as(user, org).body(Map.of("scope", "organization"))
                .post(api.path(user, org, ws, "export-workspace")).then().statusCode(200).extract().as(Map.class);
        Api.as(user, org).body(Map.of("export_data", response, "scope", "organization"))
                .post(api.path(user, org, ws, "import-workspace")).then().statusCode(200)
                .body("data.summary.imported", equalTo(1));

        before = log.count();
        Api.as(user, org).body(Map.of("export_data", Map.of("tables", Map.of())))
                .post(api.path(user, org, ws, "import-workspace")).then().statusCode(422).body("data", nullValue());
        Api.as(user, org).body(Map.of("scope", "galaxy")).post(api.path(user, org, ws, "export-workspace"))
                .then().statusCode(400);
        assertEquals(before, log.count());
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object o) {
        return (T) o;
    }

    private static String save(Api api, String user, String org, String ws, Map<String, Object> project) {
        return Api.as(user, org).body(Map.of("project", project)).post(api.path(user, org, ws, "save"))
                .then().statusCode(200).extract().path("data.project_id");
    }

    private static Map<String, Object> load(Api api, String user, String org, String ws, String id) {
        return Api.as(user, org).queryParam("project_id", id).get(api.path(user, org, ws, "load"))
                .then().statusCode(200).extract().path("data");
    }

    private static Map<String, Object> table(Map<String, Object> row) {
        return Map.of("data", List.of(row), "row_count", 1);
    }
}
