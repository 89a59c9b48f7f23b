package io.projectservice.projects;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.projectservice.support.EventLog;
import io.projectservice.support.Projects;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The test profile snapshots every 5 events: a 23-event project has state snapshots at 5..20, and
 * loading any version, from a snapshot and a tail, gives the state written down here for it.
 */
@QuarkusTest
class StateSnapshotTest {
    private static final Projects ANN = Projects.of("ann", "acme", "state-snapshots");

    @Inject
    EventLog log;

    @Test
    void loadsFromSnapshotsGiveTheStatesWrittenDown() {
        String id = ANN.create("v1");
        for (int v = 2; v <= 23; v++) {
            Map<String, Object> fields = v % 4 == 0 ? Map.of("name", "v" + v, "metadata", Map.of("step", v),
                    "description", "at " + v) : Map.of("name", "v" + v, "metadata", Map.of("step", v));
            assertEquals(v, ANN.update(id, fields));
        }
        List<Integer> snapshotVersions = new ArrayList<>();
        log.rows("SELECT version FROM project_state_snapshots WHERE stream_id = $1 ORDER BY version", id)
                .forEach(r -> snapshotVersions.add(r.getInteger(0)));
        assertEquals(List.of(5, 10, 15, 20), snapshotVersions);

        List<Object> recordedAt = ANN.request().queryParam("project_id", id).get(ANN.path("history"))
                .then().statusCode(200).extract().path("data.recorded_at");
        for (int v = 1; v <= 23; v++) {
            Map<String, Object> atVersion = ANN.load(id, v);
            assertEquals("v" + v, atVersion.get("name"), "name at version " + v);
            assertEquals(v == 1 ? Map.of() : Map.of("step", v), atVersion.get("metadata"), "metadata at " + v);
            int described = v - v % 4;
            assertEquals(described == 0 ? null : "at " + described, atVersion.get("description"),
                    "description at " + v + " (set every 4th version, kept in between)");
            assertEquals(v, atVersion.get("version"));
            assertEquals(recordedAt.get(0), atVersion.get("created_at"), "created_at at " + v);
            assertEquals(recordedAt.get(v - 1), atVersion.get("updated_at"), "updated_at at " + v);
        }
        assertEquals("v23", ANN.load(id).get("name"));
    }
}
