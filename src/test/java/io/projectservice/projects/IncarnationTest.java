package io.projectservice.projects;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.projectservice.support.Api;
import io.projectservice.support.EventLog;
import io.projectservice.support.TopicReader;
import io.restassured.response.Response;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Save id X, snapshot it, change it, delete it, save X again: the new project is a new incarnation
 * and no endpoint shows anything of the old one. The log goes on gaplessly (subscribers and the
 * list projector are idempotent by id and version); the API counts versions from 1 again.
 */
@QuarkusTest
class IncarnationTest {
    private static final String WS = "incarnations";
    private static final String USER = "inca";

    @Inject
    EventLog log;

    @Test
    void aReusedIdShowsNothingOfItsEarlierLife() {
        String id = "reborn-" + System.nanoTime();
        save(Map.of("id", id, "name", "Old life", "description", "old", "metadata", Map.of("secret", "old")), null)
                .then().statusCode(200).body("data.version", equalTo(1));
        String oldSnapshot = post("snapshots/create", Map.of("project_id", id, "description", "old snapshot"))
                .then().statusCode(200).extract().path("data.snapshot_id");
        save(Map.of("id", id, "description", "old, changed"), null).then().statusCode(200)
                .body("data.version", equalTo(3));
        OffsetDateTime duringOldLife = OffsetDateTime.now();
        post("cleanup", Map.of("project", Map.of("id", id))).then().statusCode(200);
        post("cleanup", Map.of("project", Map.of("id", id))).then().statusCode(404);

        // an If-Match of the old life is stale: the id does not exist now
        save(Map.of("id", id, "name", "New life"), "\"4\"").then().statusCode(409);
        save(Map.of("id", id, "name", "New life", "description", "new"), "\"0\"").then().statusCode(200)
                .body("data.version", equalTo(1)).header("ETag", "\"1\"");
        assertEquals(List.of(1, 2, 3, 4, 5), log.versions(id), "the log goes on without a gap");

        Response loaded = get("load", Map.of("project_id", id));
        loaded.then().statusCode(200).header("ETag", "\"1\"")
                .body("data.version", equalTo(1)).body("data.name", equalTo("New life"))
                .body("data.description", equalTo("new")).body("data.metadata", equalTo(Map.of()))
                .body("data.snapshots", equalTo(0));
        get("load", Map.of("project_id", id, "version", 1)).then().statusCode(200)
                .body("data.name", equalTo("New life")).body("data.version", equalTo(1));
        get("load", Map.of("project_id", id, "version", 2)).then().statusCode(400);
        get("load", Map.of("project_id", id, "as_of", duringOldLife.toString())).then().statusCode(404);

        get("history", Map.of("project_id", id)).then().statusCode(200)
                .body("data", hasSize(1)).body("data[0].version", equalTo(1))
                .body("data[0].type", equalTo("ProjectCreated"))
                .body("data[0].changes.content.name", equalTo("New life"))
                .header("X-Next-Cursor", nullValue());
        get("history", Map.of("project_id", id, "cursor", 2)).then().statusCode(200).body("data", empty());

        get("snapshots/list", Map.of("project_id", id)).then().statusCode(200).body("data", empty());
        post("snapshots/restore", Map.of("project_id", id, "snapshot_id", oldSnapshot)).then().statusCode(404);
        post("snapshots/delete", Map.of("project_id", id, "snapshot_id", oldSnapshot)).then().statusCode(404);

        post("export-project", Map.of("project_id", id)).then().statusCode(200)
                .body("data.tables.events.data", hasSize(1))
                .body("data.tables.events.data[0].version", equalTo(1))
                .body("data.tables.project.data[0].version", equalTo(1))
                .body("data.tables.project.data[0].description", equalTo("new"))
                .body(not(containsString("old snapshot")));

        String copy = post("copy", Map.of("project_id", id)).then().statusCode(200)
                .extract().path("data.new_project_id");
        get("load", Map.of("project_id", copy)).then().statusCode(200)
                .body("data.origin.version", equalTo(1)).body("data.description", equalTo("new"))
                .body("data.snapshots", equalTo(0));

        get("list", Map.of()).then().statusCode(200)
                .body("data.find { it.id == '" + id + "' }.version", equalTo(1))
                .body("data.find { it.id == '" + id + "' }.name", equalTo("New life"));

        // the new life's own versions and snapshots work as for any project
        save(Map.of("id", id, "description", "newer"), "\"1\"").then().statusCode(200)
                .body("data.version", equalTo(2));
        String newSnapshot = post("snapshots/create", Map.of("project_id", id)).then().statusCode(200)
                .body("data.version", equalTo(2)).extract().path("data.snapshot_id");
        save(Map.of("id", id, "description", "newest"), null).then().statusCode(200).body("data.version", equalTo(4));
        post("snapshots/restore", Map.of("project_id", id, "snapshot_id", newSnapshot)).then().statusCode(200)
                .body("data.restored_from_version", equalTo(2)).body("data.version", equalTo(6));
        get("snapshots/list", Map.of("project_id", id)).then().statusCode(200)
                .body("data.version", equalTo(List.of(4, 2)));
        get("history", Map.of("project_id", id)).then().statusCode(200)
                .body("data.version", equalTo(List.of(1, 2, 3, 4, 5, 6)))
                .body("data[2].changes.version", equalTo(2));
        get("load", Map.of("project_id", id)).then().statusCode(200).header("ETag", "\"6\"")
                .body("data.description", equalTo("newer")).body("data.snapshots", equalTo(2));
    }

    @Test
    void subscribersSeeTheLogVersionAndTheIncarnation() {
        String id = "topic-reborn-" + System.nanoTime();
        save(Map.of("id", id, "name", "first"), null).then().statusCode(200);
        post("cleanup", Map.of("project", Map.of("id", id))).then().statusCode(200);
        save(Map.of("id", id, "name", "second"), null).then().statusCode(200);
        try (TopicReader reader = new TopicReader("projects.events.v1")) {
            List<JsonNode> events = reader.readUntil(records -> ofProject(records, id).size() == 3,
                    Duration.ofSeconds(30)).stream().filter(r -> id.equals(r.key())).map(TopicReader::value).toList();
            assertEquals(List.of(1, 2, 3), events.stream().map(e -> e.get("sequence").asInt()).toList());
            assertEquals(List.of(1, 1, 2), events.stream().map(e -> e.get("incarnation").asInt()).toList());
            assertEquals(List.of(1, 2, 1), events.stream().map(e -> e.get("projectversion").asInt()).toList());
        }
    }

    @Test
    void importKeepsTheIdOfADeletedProjectOfTheCaller() {
        String id = "imported-reborn-" + System.nanoTime();
        save(Map.of("id", id, "name", "to export", "metadata", Map.of("k", "v")), null).then().statusCode(200);
        save(Map.of("id", id, "description", "second version"), null).then().statusCode(200);
        JsonNode bundle = post("export-project", Map.of("project_id", id)).then().statusCode(200)
                .extract().as(JsonNode.class).get("data");
        post("cleanup", Map.of("project", Map.of("id", id))).then().statusCode(200);

        post("import-project", Map.of("export_data", bundle)).then().statusCode(200)
                .body("data.new_project_id", equalTo(id));
        get("load", Map.of("project_id", id)).then().statusCode(200)
                .body("data.version", equalTo(1)).body("data.description", equalTo("second version"))
                .body("data.metadata.k", equalTo("v"));
        get("history", Map.of("project_id", id)).then().body("data.type", equalTo(List.of("ProjectImported")));

        // a live id, or a deleted one the caller could not save, is never taken: a new id instead
        String other = post("import-project", Map.of("export_data", bundle)).then().statusCode(200)
                .extract().path("data.new_project_id");
        assertFalse(other.equals(id));
        post("cleanup", Map.of("project", Map.of("id", id))).then().statusCode(200);
        String stranger = Api.as("stranger", "acme").body(Map.of("export_data", bundle))
                .post("/api/v1/projects/" + WS + "/import-project").then().statusCode(200)
                .extract().path("data.new_project_id");
        assertFalse(stranger.equals(id));
        Api.as("stranger", "acme").body(Map.of("project", Map.of("id", id, "name", "mine now")))
                .post("/api/v1/projects/" + WS + "/save").then().statusCode(409);
    }

    private static List<ConsumerRecord<String, String>> ofProject(List<ConsumerRecord<String, String>> records,
            String id) {
        return records.stream().filter(r -> id.equals(r.key())).toList();
    }

    private static Response save(Map<String, Object> project, String ifMatch) {
        var request = Api.as(USER, "acme").body(Map.of("project", project));
        if (ifMatch != null) {
            request = request.header("If-Match", ifMatch);
        }
        return request.post("/api/v1/projects/" + WS + "/save");
    }

    private static Response post(String action, Object body) {
        return Api.as(USER, "acme").body(body).post("/api/v1/projects/" + WS + "/" + action);
    }

    private static Response get(String action, Map<String, Object> query) {
        return Api.as(USER, "acme").queryParams(query).get("/api/v1/projects/" + WS + "/" + action);
    }
}
