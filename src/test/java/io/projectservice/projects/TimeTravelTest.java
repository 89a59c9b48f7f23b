package io.projectservice.projects;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.projectservice.support.Api;
import io.projectservice.support.EventLog;
import io.projectservice.support.Projects;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * History and time travel through every prefix and layout, on a 50-event project made of saves,
 * snapshots, restores and a snapshot deletion: {@code load?version=N} is the state the test wrote
 * down when it made version N (the service loads from state snapshots every 5 events in tests),
 * history pages through all of it, and {@code as_of} cuts the stream at a moment.
 */
@QuarkusTest
class TimeTravelTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int EVENTS = 50;

    @Inject
    EventLog log;

    @ParameterizedTest
    @EnumSource(Api.class)
    void everyVersionIsTheStateWrittenDownWhileBuildingIt(Api api) {
        String user = "tia-" + api.ordinal();
        String ws = "time-travel";
        List<Map<String, Object>> expected = new ArrayList<>();
        String id = build50EventProject(api, user, ws, expected);
        assertEquals(EVENTS, log.versions(id).size());
        assertEquals(EVENTS, expected.size());

        for (int n = 1; n <= EVENTS; n++) {
            Map<String, Object> loaded = Projects.data(Api.as(user, "acme").queryParam("project_id", id)
                    .queryParam("version", n).get(api.path(user, "acme", ws, "load")).then().statusCode(200)
                    .header("ETag", nullValue()).extract().as(Map.class));
            Map<String, Object> want = expected.get(n - 1);
            for (String field : want.keySet()) {
                assertEquals(want.get(field), loaded.get(field), field + " at version " + n);
            }
            assertEquals(Map.of("nodes", List.of(), "edges", List.of()), loaded.get("ontology"));
            assertEquals(id, loaded.get("id"));
        }
        Api.as(user, "acme").queryParam("project_id", id).get(api.path(user, "acme", ws, "load"))
                .then().statusCode(200).header("ETag", "\"" + EVENTS + "\"");
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void historyPagesThroughEveryEventAndAsOfCutsTheStream(Api api) throws Exception {
        String user = "hal-" + api.ordinal();
        String ws = "history-ws";
        String id = build50EventProject(api, user, ws, new ArrayList<>());

        List<JsonNode> events = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = Api.as(user, "acme").queryParam("project_id", id).queryParam("limit", 7);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var response = request.get(api.path(user, "acme", ws, "history")).then().statusCode(200).extract();
            data(response).forEach(events::add);
            cursor = response.header("X-Next-Cursor");
            pages++;
        } while (cursor != null);
        assertEquals(8, pages);
        assertEquals(log.types(id), events.stream().map(e -> e.get("type").asText()).toList());
        for (int i = 0; i < events.size(); i++) {
            JsonNode e = events.get(i);
            assertEquals(i + 1, e.get("version").asInt());
            assertEquals(user, e.get("actor").asText());
        }
        assertEquals("Plan", events.get(0).at("/changes/content/name").asText());
        assertEquals("v2", events.get(1).at("/changes/name").asText(), "an update shows what it changed");
        Api.as(user, "acme").queryParam("project_id", id).get(api.path(user, "acme", ws, "history"))
                .then().statusCode(200).body("data", hasSize(EVENTS)).header("X-Next-Cursor", nullValue());
        Api.as(user, "acme").queryParam("project_id", id).queryParam("cursor", 49)
                .get(api.path(user, "acme", ws, "history")).then().statusCode(200).body("data.version",
                        equalTo(List.of(49, 50)));

        // as_of: the highest version recorded by then
        List<OffsetDateTime> times = events.stream().map(e -> OffsetDateTime.parse(e.get("recorded_at").asText()))
                .toList();
        for (int k : new int[] {1, 2, 17, 33, 50}) {
            OffsetDateTime at = times.get(k - 1);
            int expected = 0;
            for (int v = 1; v <= EVENTS; v++) {
                if (!times.get(v - 1).isAfter(at)) {
                    expected = v;
                }
            }
            Api.as(user, "acme").queryParam("project_id", id).queryParam("as_of", events.get(k - 1)
                    .get("recorded_at").asText()).get(api.path(user, "acme", ws, "load"))
                    .then().statusCode(200).body("data.version", equalTo(expected)).header("ETag", nullValue());
        }
        // an unencoded '+' arrives as a space and still means the offset
        String raw = events.get(16).get("recorded_at").asText();
        Api.as(user, "acme").urlEncodingEnabled(false)
                .get(api.path(user, "acme", ws, "load") + "?project_id=" + id + "&as_of=" + raw)
                .then().statusCode(200).body("data.version", equalTo(17));
        Api.as(user, "acme").queryParam("project_id", id).queryParam("as_of", times.get(0).minusSeconds(1).toString())
                .get(api.path(user, "acme", ws, "load")).then().statusCode(404).body("data", nullValue());
        Api.as(user, "acme").queryParam("project_id", id).queryParam("as_of", "yesterday")
                .get(api.path(user, "acme", ws, "load")).then().statusCode(400);
        Api.as(user, "acme").queryParam("project_id", id).queryParam("version", EVENTS + 1)
                .get(api.path(user, "acme", ws, "load")).then().statusCode(400)
                .body("message", equalTo("Project '" + id + "' is at version 50; version 51 does not exist"));
        Api.as(user, "acme").queryParam("project_id", id).queryParam("version", 3).queryParam("as_of", raw)
                .get(api.path(user, "acme", ws, "load")).then().statusCode(400);
        Api.as("bob", "acme").queryParam("project_id", id).get(api.path("bob", "acme", ws, "history"))
                .then().statusCode(404);
    }

    /**
     * Saves, snapshots, two restores (one with a safety snapshot) and a snapshot deletion: 50
     * events. {@code expected} gets, for each version, the state it must load as, worked out here
     * from what each request did (name, description, metadata, live snapshots, version).
     */
    private String build50EventProject(Api api, String user, String ws, List<Map<String, Object>> expected) {
        String id = Api.as(user, "acme").body(Map.of("project", Map.of("name", "Plan")))
                .post(api.path(user, "acme", ws, "save")).then().statusCode(200).extract().path("data.project_id");
        Map<String, Object> state = new HashMap<>();
        state.put("name", "Plan");
        state.put("description", null);
        state.put("metadata", Map.of());
        state.put("snapshots", 0);
        state.put("version", 1);
        expected.add(new HashMap<>(state));
        List<String> snapshots = new ArrayList<>();
        Map<String, Integer> snapshotVersions = new HashMap<>();
        int version = 1;
        while (version < EVENTS) {
            int next = version + 1;
            if (next % 10 == 4) {
                String snapshot = Api.as(user, "acme").body(Map.of("project_id", id, "description", "at " + version))
                        .post(api.path(user, "acme", ws, "snapshots/create")).then().statusCode(200)
                        .extract().path("data.snapshot_id");
                snapshots.add(snapshot);
                snapshotVersions.put(snapshot, version);
                state.put("snapshots", (Integer) state.get("snapshots") + 1);
                version = next;
            } else if (next % 10 == 8 || next == 45) {
                boolean safety = next == 45;
                String from = snapshots.get(snapshots.size() - 1);
                Api.as(user, "acme").body(Map.of("project_id", id, "snapshot_id", from,
                        "create_safety_snapshot", safety)).post(api.path(user, "acme", ws, "snapshots/restore"))
                        .then().statusCode(200);
                if (safety) {
                    state.put("snapshots", (Integer) state.get("snapshots") + 1);
                    state.put("version", next);
                    expected.add(new HashMap<>(state));
                }
                Map<String, Object> then = expected.get(snapshotVersions.get(from) - 1);
                for (String field : List.of("name", "description", "metadata")) {
                    state.put(field, then.get(field));
                }
                version = next + (safety ? 1 : 0);
            } else if (next == 29) {
                Api.as(user, "acme").body(Map.of("project_id", id, "snapshot_id", snapshots.remove(0)))
                        .post(api.path(user, "acme", ws, "snapshots/delete")).then().statusCode(200);
                state.put("snapshots", (Integer) state.get("snapshots") - 1);
                version = next;
            } else {
                Map<String, Object> project = new HashMap<>(Map.of("id", id, "name", "v" + next,
                        "metadata", Map.of("step", next, "even", next % 2 == 0)));
                if (next % 3 == 0) {
                    project.put("description", "described at " + next);
                    state.put("description", "described at " + next);
                }
                Api.as(user, "acme").body(Map.of("project", project)).post(api.path(user, "acme", ws, "save"))
                        .then().statusCode(200).body("data.version", equalTo(next));
                state.put("name", "v" + next);
                state.put("metadata", Map.of("step", next, "even", next % 2 == 0));
                version = next;
            }
            state.put("version", version);
            expected.add(new HashMap<>(state));
        }
        return id;
    }

    private static JsonNode data(ExtractableResponse<Response> response) throws Exception {
        return MAPPER.readTree(response.asString()).get("data");
    }
}
