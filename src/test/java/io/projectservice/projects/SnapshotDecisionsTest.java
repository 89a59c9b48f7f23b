package io.projectservice.projects;

import static io.projectservice.support.Events.event;
import static io.projectservice.support.Events.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.projectservice.errors.Refusal;
import io.projectservice.eventstore.NewEvent;
import io.projectservice.eventstore.RecordedEvent;
import io.projectservice.eventstore.StreamHead;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The snapshot decisions without a database: the events of create, restore and delete, and their refusals. */
class SnapshotDecisionsTest {
    private static final String CREATED = "{\"id\": \"p1\", \"workspace_id\": \"ws\", \"scope\": \"user\","
            + " \"author\": \"ann\", \"organization\": \"acme\", \"content\": {\"name\": \"v1\"}}";

    /** p1 created at 1, renamed at 2, snapshot s1 of version 2 at 3, renamed again at 4. */
    private static List<RecordedEvent> log() {
        List<RecordedEvent> log = new ArrayList<>();
        log.add(event("p1", 1, ProjectEvents.CREATED, CREATED));
        log.add(event("p1", 2, ProjectEvents.UPDATED, "{\"changes\": {\"name\": \"v2\"}}"));
        log.add(event("p1", 3, ProjectEvents.SNAPSHOT_CREATED,
                "{\"snapshot_id\": \"s1\", \"version\": 2, \"description\": \"before\"}"));
        log.add(event("p1", 4, ProjectEvents.UPDATED, "{\"changes\": {\"name\": \"v4\", \"description\": \"x\"}}"));
        return log;
    }

    private static ProjectState at(int version) {
        return ProjectState.fold(null, log().subList(0, version));
    }

    private static StreamHead head() {
        return new StreamHead("p1", 4, "ws", "user", "ann", "acme", false, null, null);
    }

    private static RecordedEvent recorded(NewEvent e, int version) {
        return event("p1", version, e.type(), e.data().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"first", "a description with spaces", ""})
    void aSnapshotNamesTheHeadsVersionAndCopiesNothing(String description) {
        NewEvent e = SnapshotDecisions.create(head(), "s2", description);
        assertEquals(ProjectEvents.SNAPSHOT_CREATED, e.type());
        assertEquals(json("{\"snapshot_id\": \"s2\", \"version\": 4, \"description\": \"" + description + "\"}"),
                e.data());
        ProjectState after = ProjectState.fold(at(4), List.of(recorded(e, 5)));
        assertEquals(4, after.snapshot("s2").get("version").asInt());
        assertEquals(2, after.snapshots.size());
    }

    @ParameterizedTest(name = "safety snapshot {0}")
    @ValueSource(booleans = {true, false})
    void aRestoreAppendsTheContentAsItWasAfterAnOptionalSafetySnapshot(boolean safety) {
        ProjectState now = at(4);
        ObjectNode snapshot = SnapshotDecisions.requireSnapshot(now, "p1", "s1");
        List<NewEvent> events = SnapshotDecisions.restore(head(), snapshot, at(2), safety ? "s9" : null);
        assertEquals(safety ? 2 : 1, events.size());
        NewEvent restored = events.get(events.size() - 1);
        assertEquals(ProjectEvents.RESTORED, restored.type());
        assertEquals("s1", restored.data().get("snapshot_id").asText());
        assertEquals(2, restored.data().get("restored_from_version").asInt());
        if (safety) {
            assertEquals(json("{\"snapshot_id\": \"s9\", \"version\": 4,"
                    + " \"description\": \"Safety snapshot before restoring snapshot s1\"}"), events.get(0).data());
        }
        List<RecordedEvent> appended = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            appended.add(recorded(events.get(i), 5 + i));
        }
        ProjectState after = ProjectState.fold(at(4), appended);
        assertEquals("v2", after.name);
        assertEquals(at(2).content(), after.content(), "the content is the snapshot's version's, whole");
        assertEquals(safety ? 2 : 1, after.snapshots.size(), "restoring keeps the snapshots");
    }

    @ParameterizedTest
    @ValueSource(strings = {"s2", "S1", "p1"})
    void anUnknownSnapshotIsNotFound(String snapshotId) {
        List<Runnable> decisions = List.of(() -> SnapshotDecisions.requireSnapshot(at(4), "p1", snapshotId),
                () -> SnapshotDecisions.delete(at(4), "p1", snapshotId));
        for (Runnable decision : decisions) {
            Refusal r = assertThrows(Refusal.class, decision::run);
            assertEquals(Refusal.Kind.NOT_FOUND, r.kind());
            assertEquals("snapshot_not_found", r.code());
        }
    }

    @Test
    void aDeletedSnapshotIsGoneAndCannotBeDeletedAgain() {
        NewEvent e = SnapshotDecisions.delete(at(4), "p1", "s1");
        assertEquals(json("{\"snapshot_id\": \"s1\"}"), e.data());
        ProjectState after = ProjectState.fold(at(4), List.of(recorded(e, 5)));
        assertEquals(0, after.snapshots.size());
        assertThrows(Refusal.class, () -> SnapshotDecisions.delete(after, "p1", "s1"));
    }

    @ParameterizedTest(name = "ids {0}: {1}")
    @CsvSource({"s1 s1 s2, s2", "s2, s2", "s1 s3, s3"})
    void aNewSnapshotIdIsNoLiveSnapshots(String candidates, String expected) {
        Iterator<String> ids = List.of(candidates.split(" ")).iterator();
        String id = SnapshotDecisions.newSnapshotId(at(4), ids::next);
        assertEquals(expected, id);
        assertNotEquals("s1", id);
    }
}
