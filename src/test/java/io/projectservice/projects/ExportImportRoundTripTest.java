package io.projectservice.projects;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.projectservice.support.Projects;
import io.projectservice.support.RichProject;
import java.util.List;
import java.util.Map;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * export → import gives back every table, field and property that was put in (compared with the
 * values written down in {@link RichProject}, not with another answer of the service); ids are
 * kept when free, never fail; an export carries the project's whole history as it happened.
 */
@QuarkusTest
class ExportImportRoundTripTest {
    private static final Projects ANN = Projects.of("ann", "acme", "roundtrip");

    @Test
    void roundTripGivesBackWhatWasPutIn() {
        String first = ANN.importBundle(RichProject.bundle("rt-source-1"), false);
        assertEquals("rt-source-1", first, "a free exported id is kept");
        Map<String, Object> loaded = ANN.load(first);
        RichProject.assertContent(loaded, "after the import");
        assertEquals("user", loaded.get("scope"));
        assertEquals("roundtrip", loaded.get("workspace_id"), "imported into the caller's workspace");
        assertEquals("ann", loaded.get("author"));
        assertEquals("acme", loaded.get("organization"));
        assertEquals(1, loaded.get("version"));
        @SuppressWarnings("unchecked")
        Map<String, Object> origin = (Map<String, Object>) loaded.get("origin");
        assertEquals("rt-source-1", origin.get("project_id"));
        assertEquals("elsewhere", origin.get("workspace_id"));
        assertEquals(2, origin.get("events"), "the history rows the bundle carried");
        assertEquals("ProjectImported", origin.get("event"));

        Map<String, Object> exported = ANN.export(first);
        assertEquals("projects-export", exported.get("format"));
        assertEquals(first, exported.get("project_id"));
        @SuppressWarnings("unchecked")
        Map<String, Object> tables = (Map<String, Object>) exported.get("tables");
        RichProject.assertExportedTables(tables, "the export");
        Map<String, Object> projectRow = RichProject.rows(tables, "project").get(0);
        assertEquals(first, projectRow.get("id"));
        assertEquals("ann", projectRow.get("author"));
        assertEquals("roundtrip", projectRow.get("workspace_id"));
        List<Map<String, Object>> events = RichProject.rows(tables, "events");
        assertEquals(1, events.size());
        assertEquals("ProjectImported", events.get(0).get("type"));
        assertEquals("ann", events.get(0).get("actor"));

        String second = ANN.importBundle(exported, false);
        assertNotEquals(first, second, "a taken id gets a new one instead of failing");
        RichProject.assertContent(ANN.load(second), "after export and import");

        String third = ANN.importBundle(ANN.export(second), true);
        assertNotEquals(second, third);
        RichProject.assertContent(ANN.load(third), "after a second round trip, with a forced new id");
    }

    @Test
    void anExportCarriesTheHistoryAsItHappened() {
        Projects bob = Projects.of("bob", "acme", "roundtrip");
        String id = bob.save(Map.of("name", "Plan", "description", "v1", "metadata", Map.of("stage", 1)));
        bob.update(id, Map.of("metadata", Map.of("stage", 2)));
        bob.update(id, Map.of("name", "Plan B", "description", "v3"));
        @SuppressWarnings("unchecked")
        Map<String, Object> tables = (Map<String, Object>) bob.export(id).get("tables");
        List<Map<String, Object>> events = RichProject.rows(tables, "events");
        assertEquals(List.of(1, 2, 3), events.stream().map(e -> e.get("version")).toList());
        assertEquals(List.of("ProjectCreated", "ProjectUpdated", "ProjectUpdated"),
                events.stream().map(e -> e.get("type")).toList());
        assertEquals(List.of("bob", "bob", "bob"), events.stream().map(e -> e.get("actor")).toList());
        assertEquals(Map.of("changes", Map.of("metadata", Map.of("stage", 2))), events.get(1).get("data"));
        assertEquals(Map.of("changes", Map.of("name", "Plan B", "description", "v3")), events.get(2).get("data"));
        Map<String, Object> project = RichProject.rows(tables, "project").get(0);
        assertEquals("Plan B", project.get("name"));
        assertEquals("v3", project.get("description"));
        assertEquals(Map.of("stage", 2), project.get("metadata"));
        assertEquals(3, project.get("version"));
        assertEquals(3, events.size());
    }

    @Test
    void importAcceptsTheWholeExportResponseToo() {
        String id = ANN.create("Wrapped");
        Map<?, ?> response = ANN.request().body(Map.of("project_id", id)).post(ANN.path("export-project"))
                .then().statusCode(200).extract().as(Map.class);
        String copy = ANN.request().body(Map.of("export_data", response)).post(ANN.path("import-project"))
                .then().statusCode(200).body("data.new_project_id", not(equalTo(id)))
                .extract().path("data.new_project_id");
        assertEquals("Wrapped", ANN.load(copy).get("name"));
    }
}
