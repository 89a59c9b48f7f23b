package io.projectservice.projects;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Snapshots through every prefix and layout: a snapshot names a version (one event, nothing
 * copied); a restore brings back exactly the state at that version, after a safety snapshot.
 */
@QuarkusTest
class SnapshotsTest {
    private static final String ISO_UTC = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+00:00";

    @Inject
    EventLog log;

    @Inject
    StoredRows stored;

    @ParameterizedTest
    @EnumSource(Api.class)
    void createListRestoreDelete(Api api) {
        String user = "sam-" + api.ordinal();
        String ws = "snapshots-ws";
        String id = Api.as(user, "acme").body(Map.of("project", Map.of("name", "Plan A", "description", "first",
                "metadata", Map.of("stage", 1)))).post(api.path(user, "acme", ws, "save"))
                .then().statusCode(200).extract().path("data.project_id");
        Projects.of(api, user, "acme", ws).update(id, Map.of("name", "Plan A", "metadata", Map.of("stage", 2)));

        String first = Api.as(user, "acme").body(Map.of("project_id", id, "description", "before the rewrite"))
                .post(api.path(user, "acme", ws, "snapshots/create"))
                .then().statusCode(200)
                .body("status", equalTo("success"))
                .body("data.snapshot_id", matchesPattern("[0-9a-f]{11}"))
                .body("data.project_id", equalTo(id))
                .body("data.description", equalTo("before the rewrite"))
                .body("data.created_at", matchesPattern(ISO_UTC))
                .body("data.version", equalTo(2))
                .extract().path("data.snapshot_id");
        assertEquals(List.of("ProjectCreated", "ProjectUpdated", "SnapshotCreated"), log.types(id),
                "a snapshot is one event that copies nothing");
        Map<String, Object> atSnapshot = Projects.of(api, user, "acme", ws).load(id, 2);

        Projects.of(api, user, "acme", ws).update(id, Map.of("name", "Plan B", "description", "rewritten", "metadata", Map.of("stage", 3)));
        String second = Api.as(user, "acme").body(Map.of("project_id", id))
                .post(api.path(user, "acme", ws, "snapshots/create"))
                .then().statusCode(200).body("data.description", nullValue()).extract().path("data.snapshot_id");

        Api.as(user, "acme").queryParam("project_id", id).get(api.path(user, "acme", ws, "snapshots/list"))
                .then().statusCode(200)
                .body("data.snapshot_id", contains(second, first))
                .body("data.id", contains(second, first))
                .body("data[1].description", equalTo("before the rewrite"))
                .body("data[1].created_at", matchesPattern(ISO_UTC));
        Api.as(user, "acme").queryParam("project_id", id).get(api.path(user, "acme", ws, "load"))
                .then().statusCode(200).body("data.snapshots", equalTo(2)).body("data.name", equalTo("Plan B"));

        String safety = Api.as(user, "acme").body(Map.of("project_id", id, "snapshot_id", first))
                .post(api.path(user, "acme", ws, "snapshots/restore"))
                .then().statusCode(200)
                .body("data.project_id", equalTo(id))
                .body("data.restored_from", equalTo(first))
                .body("data.restored_from_version", equalTo(2))
                .body("data.safety_snapshot_id", matchesPattern("[0-9a-f]{11}"))
                .extract().path("data.safety_snapshot_id");
        List<String> types = log.types(id);
        assertEquals(List.of("SnapshotCreated", "ProjectRestored"), types.subList(types.size() - 2, types.size()));
        Map<String, Object> restored = Projects.of(api, user, "acme", ws).load(id, null);
        // as it was at version 2, written down: the first save, then the stage moved to 2
        assertEquals("Plan A", restored.get("name"));
        assertEquals("first", restored.get("description"));
        assertEquals(Map.of("stage", 2), restored.get("metadata"));
        assertEquals(atSnapshot.get("name"), "Plan A", "load?version=2 agrees");
        assertEquals(3, restored.get("snapshots"));

        // the safety snapshot brings the rewrite back; without a new safety snapshot this time
        Api.as(user, "acme").body(Map.of("project_id", id, "snapshot_id", safety, "create_safety_snapshot", false))
                .post(api.path(user, "acme", ws, "snapshots/restore"))
                .then().statusCode(200).body("data.safety_snapshot_id", nullValue());
        Api.as(user, "acme").queryParam("project_id", id).get(api.path(user, "acme", ws, "load"))
                .then().statusCode(200).body("data.name", equalTo("Plan B")).body("data.description",
                        equalTo("rewritten")).body("data.snapshots", equalTo(3));

        Api.as(user, "acme").body(Map.of("project_id", id, "snapshot_id", first))
                .post(api.path(user, "acme", ws, "snapshots/delete"))
                .then().statusCode(200).body("status", equalTo("success")).body("data", nullValue());
        Api.as(user, "acme").queryParam("project_id", id).get(api.path(user, "acme", ws, "snapshots/list"))
                .then().statusCode(200).body("data", hasSize(2)).body("data.snapshot_id", not(hasItem(first)));
        stored.unchangedBy("a restore or deletion of a deleted snapshot", () -> {
            Api.as(user, "acme").body(Map.of("project_id", id, "snapshot_id", first))
                    .post(api.path(user, "acme", ws, "snapshots/restore"))
                    .then().statusCode(404).body("data", nullValue());
            Api.as(user, "acme").body(Map.of("project_id", id, "snapshot_id", first))
                    .post(api.path(user, "acme", ws, "snapshots/delete")).then().statusCode(404);
        });
    }

    /** A restore brings back every part of a project: ontology, concepts, files and tables too. */
    @ParameterizedTest
    @EnumSource(value = Api.class, names = {"SELF_HOSTED_NEW", "HOSTED_SEED"})
    void aRestoreBringsBackEveryPartOfARichProject(Api api) {
        Projects sue = Projects.of(api, "sue-" + api.ordinal(), "acme", "snapshots-rich");
        String id = sue.importBundle(RichProject.bundle("snap-rich"), true);
        String snapshot = sue.request().body(Map.of("project_id", id)).post(sue.path("snapshots/create"))
                .then().statusCode(200).extract().path("data.snapshot_id");
        sue.update(id, Map.of("name", "Renamed", "description", "changed", "metadata", Map.of("k", "v")));
        assertEquals("Renamed", sue.load(id).get("name"));
        sue.request().body(Map.of("project_id", id, "snapshot_id", snapshot, "create_safety_snapshot", false))
                .post(sue.path("snapshots/restore")).then().statusCode(200).body("data.restored_from_version",
                        equalTo(1));
        Map<String, Object> restored = sue.load(id);
        RichProject.assertContent(restored, "after the restore");
        assertEquals(4, restored.get("version"));
        assertEquals(1, restored.get("snapshots"));
        assertEquals(List.of("ProjectImported", "SnapshotCreated", "ProjectUpdated", "ProjectRestored"),
                log.types(id));
    }

    @ParameterizedTest
    @EnumSource(value = Api.class, names = {"SELF_HOSTED_SEED", "HOSTED_NEW"})
    void othersSeeNoSnapshots(Api api) {
        String ws = "snapshots-private";
        String id = Api.as("sid", "acme").body(Map.of("project", Map.of("name", "Mine")))
                .post(api.path("sid", "acme", ws, "save")).then().statusCode(200).extract().path("data.project_id");
        Api.as("sid", "acme").body(Map.of("project_id", id)).post(api.path("sid", "acme", ws, "snapshots/create"))
                .then().statusCode(200);
        Api.as("bob", "acme").queryParam("project_id", id).get(api.path("bob", "acme", ws, "snapshots/list"))
                .then().statusCode(404);
        stored.unchangedBy("a snapshot by another user, a restore without snapshot_id", () -> {
            Api.as("bob", "acme").body(Map.of("project_id", id)).post(api.path("bob", "acme", ws, "snapshots/create"))
                    .then().statusCode(404);
            Api.as("sid", "acme").body(Map.of("project_id", id)).post(api.path("sid", "acme", ws, "snapshots/restore"))
                    .then().statusCode(400).body("message", equalTo("Field 'snapshot_id' is required"));
        });
    }
}
