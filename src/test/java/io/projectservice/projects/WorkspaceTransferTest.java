package io.projectservice.projects;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.projectservice.support.Api;
import io.projectservice.support.EventLog;
import io.projectservice.support.Projects;
import io.projectservice.support.RichProject;
import io.projectservice.support.StoredRows;
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
 * import-workspace brings each back as its own project, with the content that was put in; a
 * broken bundle fails alone and leaves nothing behind.
 */
@QuarkusTest
class WorkspaceTransferTest {
    private static final List<String> CONTENT = List.of("name", "description", "metadata", "ontology", "concepts",
            "files", "tables");

    @Inject
    EventLog log;

    @Inject
    StoredRows stored;

    @ParameterizedTest
    @EnumSource(Api.class)
    void exportsWhatTheCallerSeesAndImportsEachProjectWhole(Api api) {
        String user = "wes-" + api.ordinal();
        String org = "wsorg-" + api.ordinal();
        String ws = "ws-transfer";
        Projects mine = Projects.of(api, user, org, ws);
        Projects colleague = Projects.of(api, "colleague", org, ws);
        String a = mine.save(Map.of("name", "Alpha", "description", "first", "metadata", Map.of("k", 1)));
        String b = mine.save(Map.of("name", "Beta"));
        String rich = mine.importBundle(RichProject.bundle("wt-rich-" + api.ordinal()), true);
        String gone = mine.save(Map.of("name", "Deleted"));
        mine.cleanup(gone, null).then().statusCode(200);
        String shared = colleague.save(Map.of("name", "Shared", "scope", "organization"));
        colleague.save(Map.of("name", "Colleague's own"));

        Map<String, Object> export = Projects.data(mine.request().body("{}").post(mine.path("export-workspace"))
                .then().statusCode(200)
                .body("message", equalTo("Workspace '" + api.workspace(ws) + "' exported successfully: 3 user"
                        + " project(s) with 21 tables and 15 rows."))
                .body("data.scope", equalTo("user"))
                .body("data.summary.total_projects", equalTo(3))
                .body("data.projects." + rich + ".format", equalTo("projects-export"))
                .extract().as(Map.class));
        Map<String, Map<String, Object>> bundles = cast(export.get("projects"));
        assertEquals(Set.of(a, b, rich), bundles.keySet());
        RichProject.assertExportedTables(cast(bundles.get(rich).get("tables")), "the rich project's bundle");
        mine.request().body(Map.of("scope", "organization")).post(mine.path("export-workspace"))
                .then().statusCode(200).body("data.projects.keySet()", equalTo(Set.of(shared)));

        // back in, with one bundle that is not a project and one that is not even an object
        Map<String, Object> projects = new HashMap<>(bundles);
        projects.put("broken", Map.of("tables", Map.of("concepts", Projects.table(List.of(Map.of("name", "orphan"))))));
        projects.put("junk", 5);
        Map<String, Object> withBroken = new HashMap<>(export);
        withBroken.put("projects", projects);
        long before = log.count();
        Map<String, Object> result = Projects.data(mine.request().body(Map.of("export_data", withBroken))
                .post(mine.path("import-workspace")).then().statusCode(200)
                .body("message", equalTo("Imported 3 of 5 project(s) into workspace '" + api.workspace(ws)
                        + "'; 2 failed, see projects_failed."))
                .body("data.summary.imported", equalTo(3))
                .body("data.summary.failed", equalTo(2))
                .body("data.projects_failed.broken.error", containsString("no table 'project'"))
                .body("data.projects_failed.junk.error", containsString("not a JSON object"))
                .extract().as(Map.class));
        assertEquals(before + 3, log.count(), "one event per imported project, nothing of the failed ones");
        Map<String, Map<String, Object>> imported = cast(result.get("projects_imported"));
        assertEquals(Set.of(a, b, rich), imported.keySet());
        for (var entry : imported.entrySet()) {
            String copy = (String) entry.getValue().get("new_project_id");
            assertNotEquals(entry.getKey(), copy, "ids in use are replaced, never fail");
            assertEquals(List.of("ProjectImported"), log.types(copy));
            Map<String, Object> again = mine.load(copy);
            if (entry.getKey().equals(rich)) {
                RichProject.assertContent(again, "the rich project after the workspace round trip");
            } else {
                Map<String, Object> expected = entry.getKey().equals(a)
                        ? content("Alpha", "first", Map.of("k", 1)) : content("Beta", null, Map.of());
                for (String field : CONTENT) {
                    assertEquals(expected.get(field), again.get(field), field + " of " + entry.getKey());
                }
            }
            assertEquals(user, again.get("author"));
            assertEquals(org, again.get("organization"));
            assertEquals("user", again.get("scope"));
            assertEquals(api.workspace(ws), again.get("workspace_id"));
        }

        // the whole export response is accepted as export_data too
        Map<String, Object> response = mine.request().body(Map.of("scope", "organization"))
                .post(mine.path("export-workspace")).then().statusCode(200).extract().as(Map.class);
        mine.request().body(Map.of("export_data", response, "scope", "organization"))
                .post(mine.path("import-workspace")).then().statusCode(200)
                .body("data.summary.imported", equalTo(1));

        stored.unchangedBy("refused workspace transfers", () -> {
            mine.request().body(Map.of("export_data", Map.of("tables", Map.of())))
                    .post(mine.path("import-workspace")).then().statusCode(422).body("data", nullValue());
            mine.request().body(Map.of("scope", "galaxy")).post(mine.path("export-workspace"))
                    .then().statusCode(400);
        });
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object o) {
        return (T) o;
    }

    /** What load answers for a project saved with only these, as written in the test. */
    private static Map<String, Object> content(String name, String description, Map<String, Object> metadata) {
        Map<String, Object> c = new HashMap<>(Map.of("name", name, "metadata", metadata,
                "ontology", Map.of("nodes", List.of(), "edges", List.of()), "concepts", List.of(),
                "files", List.of(), "tables", List.of()));
        c.put("description", description);
        return c;
    }
}
