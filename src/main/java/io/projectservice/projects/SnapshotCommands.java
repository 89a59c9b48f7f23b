package io.projectservice.projects;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.projectservice.eventstore.NewEvent;
import io.projectservice.eventstore.StreamHead;
import io.projectservice.limits.Quotas;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
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
        return projects.transaction(req, tx -> locked(tx, req, id, scope, ProjectAccess.Need.WRITE, (head, state) -> {
            quotas.requireSnapshotRoom(head.organization(), id, state.snapshots.size(), false);
            String snapshotId = SnapshotDecisions.newSnapshotId(state, ProjectIds::generate);
            return appendAndFold(tx, req, head, state, List.of(SnapshotDecisions.create(head, snapshotId, text)))
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
        return projects.transaction(req, tx -> locked(tx, req, id, scope, ProjectAccess.Need.WRITE, (head, state) -> {
            ObjectNode snapshot = SnapshotDecisions.requireSnapshot(state, id, wanted);
            int from = snapshot.get("version").asInt();
            return projects.fold(tx, head, from).flatMap(then -> {
                if (safetySnapshot) {
                    quotas.requireSnapshotRoom(head.organization(), id, state.snapshots.size(), true);
                }
                String safetyId = safetySnapshot ? SnapshotDecisions.newSnapshotId(state, ProjectIds::generate) : null;
                List<NewEvent> events = SnapshotDecisions.restore(head, snapshot, then, safetyId);
                return projects.append(tx, head, state, events, req.eventMetadata(head))
                        .map(after -> new Restored(id, wanted, head.apiVersion(from), safetyId, after.apiVersion()));
            });
        }));
    }

    public Uni<Void> delete(RequestInfo req, String projectId, Scope scope, String snapshotId) {
        String id = ProjectIds.requireProjectId(projectId, "project_id");
        String wanted = requireSnapshotId(snapshotId);
        return projects.transaction(req, tx -> locked(tx, req, id, scope, ProjectAccess.Need.DELETE, (head, state) -> {
            return projects.append(tx, head, state, List.of(SnapshotDecisions.delete(state, id, wanted)),
                    req.eventMetadata(head)).replaceWithVoid();
        }));
    }

    private interface Decision<T> {
        Uni<T> decide(StreamHead head, ProjectState state);
    }

    /** Locks the head of a project the caller may {@code need}, and folds its current state. */
    private <T> Uni<T> locked(SqlConnection tx, RequestInfo req, String id, Scope scope, ProjectAccess.Need need,
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

    private static String requireSnapshotId(String snapshotId) {
        return ProjectIds.requireProjectId(snapshotId, "snapshot_id");
    }
}
