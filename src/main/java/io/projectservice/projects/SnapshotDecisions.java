package io.projectservice.projects;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.projectservice.errors.Refusal;
import io.projectservice.eventstore.NewEvent;
import io.projectservice.eventstore.StreamHead;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the snapshot commands decide, without a database: the events of creating, restoring and
 * deleting a snapshot of a project, given its locked head and its state (and, for a restore, its
 * state at the snapshot's version). {@link SnapshotCommands} does the I/O and the quota checks.
 */
public final class SnapshotDecisions {
    private SnapshotDecisions() {
    }

    /** A snapshot names the head's version: the event copies nothing. */
    public static NewEvent create(StreamHead head, String snapshotId, String description) {
        return ProjectEvents.snapshotCreated(snapshotId, head.version(), description);
    }

    /**
     * A restore of {@code snapshot} (an entry of the state) whose version's state is {@code then}:
     * the safety snapshot of the current version first when {@code safetyId} is not null, then the
     * content as it was.
     */
    public static List<NewEvent> restore(StreamHead head, ObjectNode snapshot, ProjectState then, String safetyId) {
        String snapshotId = snapshot.get("snapshot_id").asText();
        List<NewEvent> events = new ArrayList<>(2);
        if (safetyId != null) {
            events.add(ProjectEvents.snapshotCreated(safetyId, head.version(),
                    "Safety snapshot before restoring snapshot " + snapshotId));
        }
        events.add(ProjectEvents.restored(snapshotId, snapshot.get("version").asInt(), then.content()));
        return events;
    }

    public static NewEvent delete(ProjectState state, String projectId, String snapshotId) {
        requireSnapshot(state, projectId, snapshotId);
        return ProjectEvents.snapshotDeleted(snapshotId);
    }

    /** The live snapshot {@code snapshotId} of the state, or a 404. */
    public static ObjectNode requireSnapshot(ProjectState state, String projectId, String snapshotId) {
        ObjectNode snapshot = state.snapshot(snapshotId);
        if (snapshot == null) {
            throw Refusal.notFound("snapshot_not_found",
                    "Snapshot '" + snapshotId + "' not found in project '" + projectId + "'");
        }
        return snapshot;
    }

    /** A fresh id from {@code ids} that no live snapshot of the state has. */
    public static String newSnapshotId(ProjectState state, Supplier<String> ids) {
        String id;
        do {
            id = ids.get();
        } while (state.snapshot(id) != null);
        return id;
    }
}
