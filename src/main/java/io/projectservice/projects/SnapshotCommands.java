package io.projectservice.projects;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.projectservice.errors.Refusal;
import io.projectservice.eventstore.NewEvent;
import io.projectservice.eventstore.StreamHead;
import io.projectservice.limits.Quotas;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Snapshots of a project: each names a version of its stream. Creating or deleting one is one
 * event; a restore appends the content as it was at the snapshot's version, after a safety
 * snapshot of the current version, all in the transaction that holds the stream head.
 */
@ApplicationScoped
public class SnapshotCommands {
    private final ProjectRepository projects;
    private final ProjectFields fields;
    private final Quotas quotas;
    private final ProjectGate gate;

    public SnapshotCommands(ProjectRepository projects, ProjectFields fields, Quotas quotas, ProjectGate gate) {
        this.projects = projects;
        this.fields = fields;
        this.quotas = quotas;
        this.gate = gate;
    }

    /**
     * A snapshot entry as the state keeps it (snapshot_id, version, description, created_at; the
     * version a log version), and where the project's incarnation began.
     */
    public record Created(String projectId, ObjectNode snapshot, int incarnationStart) {
    }

    public Uni<Created> create(RequestInfo req, String projectId, Scope scope, String description) {
        String id = ProjectIds.requireProjectId(projectId, "project_id");
        String text = fields.description(description, "description");
        return projects.transaction(req, tx -> locked(tx, req, id, scope, ProjectGate.Need.WRITE, (head, state) -> {
            quotas.requireSnapshotRoom(head.organization(), id, state.snapshots.size(), false);
            String snapshotId = newSnapshotId(state);
            return appendAndFold(tx, req, head, state,
                    List.of(ProjectEvents.snapshotCreated(snapshotId, head.version(), text)))
                    .map(after -> new Created(id, after.snapshot(snapshotId), head.incarnationStart()));
        }));
    }

    /** The versions as the API counts them. */
    public record Restored(String projectId, String snapshotId, int restoredFromVersion, String safetySnapshotId,
            int version) {
    }

    public Uni<Restored> restore(RequestInfo req, String projectId, Scope scope, String snapshotId,
            boolean safetySnapshot) {
        String id = ProjectIds.requireProjectId(projectId, "project_id");
        String wanted = requireSnapshotId(snapshotId);
        return projects.transaction(req, tx -> locked(tx, req, id, scope, ProjectGate.Need.WRITE, (head, state) -> {
            ObjectNode snapshot = requireSnapshot(state, id, wanted);
            int from = snapshot.get("version").asInt();
            return projects.fold(tx, head, from).flatMap(then -> {
                List<NewEvent> events = new ArrayList<>(2);
                if (safetySnapshot) {
                    quotas.requireSnapshotRoom(head.organization(), id, state.snapshots.size(), true);
                }
                String safetyId = safetySnapshot ? newSnapshotId(state) : null;
                if (safetyId != null) {
                    events.add(ProjectEvents.snapshotCreated(safetyId, head.version(),
                            "Safety snapshot before restoring snapshot " + wanted));
                }
                events.add(ProjectEvents.restored(wanted, from, then.content()));
                return projects.append(tx, head, state, events, req.eventMetadata(head))
                        .map(after -> new Restored(id, wanted, head.apiVersion(from), safetyId, after.apiVersion()));
            });
        }));
    }

    public Uni<Void> delete(RequestInfo req, String projectId, Scope scope, String snapshotId) {
        String id = ProjectIds.requireProjectId(projectId, "project_id");
        String wanted = requireSnapshotId(snapshotId);
        return projects.transaction(req, tx -> locked(tx, req, id, scope, ProjectGate.Need.DELETE, (head, state) -> {
            requireSnapshot(state, id, wanted);
            return projects.append(tx, head, state, List.of(ProjectEvents.snapshotDeleted(wanted)),
                    req.eventMetadata(head)).replaceWithVoid();
        }));
    }

    private interface Decision<T> {
        Uni<T> decide(StreamHead head, ProjectState state);
    }

    /** Locks the head of a project the caller may {@code need}, and folds its current state. */
    private <T> Uni<T> locked(SqlConnection tx, RequestInfo req, String id, Scope scope, ProjectGate.Need need,
            Decision<T> decision) {
        return projects.store().lockHead(tx, id)
                .flatMap(head -> gate.require(tx, head, req.caller(), id, req.workspaceId(), scope, need))
                .flatMap(access -> projects.fold(tx, access.head())
                        .flatMap(state -> decision.decide(access.head(), state)));
    }

    private Uni<ProjectState> appendAndFold(SqlConnection tx, RequestInfo req, StreamHead head, ProjectState state,
            List<NewEvent> events) {
        return projects.append(tx, head, state, events, req.eventMetadata(head))
                .flatMap(after -> projects.store().read(tx, head.streamId(), head.version(), after.version()))
                .map(appended -> ProjectState.fold(state, appended));
    }

    private static String newSnapshotId(ProjectState state) {
        String id;
        do {
            id = ProjectIds.generate();
        } while (state.snapshot(id) != null);
        return id;
    }

    private static String requireSnapshotId(String snapshotId) {
        return ProjectIds.requireProjectId(snapshotId, "snapshot_id");
    }

    private static ObjectNode requireSnapshot(ProjectState state, String projectId, String snapshotId) {
        ObjectNode snapshot = state.snapshot(snapshotId);
        if (snapshot == null) {
            throw Refusal.notFound("snapshot_not_found",
                    "Snapshot '" + snapshotId + "' not found in project '" + projectId + "'");
        }
        return snapshot;
    }
}
