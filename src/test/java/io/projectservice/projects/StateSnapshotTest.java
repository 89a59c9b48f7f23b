package io.projectservice.projects;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.projectservice.support.Api;
import io.projectservice.support.EventLog;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The test profile snapshots every 5 events: a 23-event project has snapshots at 5..20, and
 * loading any version from them equals what the plain fold of the events gave at that time.
 */
@QuarkusTest
class StateSnapshotTest {
    private static final String WS = "state-snapshots";

    @Inject
    EventLog log;

    @Test
    void loadsFromSnapshotsEqualTheFoldOfTheEvents() {
        String path = Api.SELF_HOSTED_SEED.path("ann", "acme", WS, "save");
        String id = Api.as("ann", "acme").body(Map.of("project", Map.of("name", "v1"))).post(path)
                .then().statusCode(200).extract().path("data.project_id");
        List<Map<String, Object>> seen = new ArrayList<>();
        seen.add(load(id, null));
        for (int v = 2; v <= 23; v++) {
            Api.as("ann", "acme").body(Map.of("project", Map.of("id", id, "name", "v" + v,
                    "metadata", Map.of("step", v)))).post(path).then().statusCode(200);
            seen.add(load(id, null));
        }
        List<Integer> snapshotVersions = new ArrayList<>();
        log.rows("SELECT version FROM project_state_snapshots WHERE stream_id = $1 ORDER BY version", id)
                .forEach(r -> snapshotVersions.add(r.getInteger(0)));
        assertEquals(List.of(5, 10, 15, 20), snapshotVersions);
        for (int v = 1; v <= 23; v++) {
            Map<String, Object> atVersion = load(id, v);
            Map<String, Object> then = seen.get(v - 1);
            for (String field : List.of("name", "metadata", "version", "updated_at", "created_at")) {
                assertEquals(then.get(field), atVersion.get(field), field + " at version " + v);
            }
        }
    }

    private static Map<String, Object> load(String id, Integer version) {
        var request = Api.as("ann", "acme").queryParam("project_id", id);
        if (version != null) {
            request.queryParam("version", version);
        }
        return request.get(Api.SELF_HOSTED_SEED.path("ann", "acme", WS, "load"))
                .then().statusCode(200).extract().path("data");
    }
}
