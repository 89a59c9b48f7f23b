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

    public Uni<Created> create(CommandContext req, String projectId, Scope scope, String description) {
        String id = ProjectIds.requireProjectId(projectId, "project_id");
        String text = fields.description(description, "description");
        return locked(req, id, scope, ProjectAccess.Need.WRITE, (tx, head, state) -> {
            quotas.requireSnapshotRoom(head.organization(), id, state.snapshots.size(), false);
            String snapshotId = SnapshotDecisions.newSnapshotId(state, ProjectIds::generate);
            return projects.appendAndFold(tx, head, state, List.of(SnapshotDecisions.create(head, snapshotId, text)),
                    req.eventMetadata(head))
                    .map(after -> new Created(id, after.snapshot(snapshotId), head.incarnationStart()));
        });
    }

    /** The versions as the API counts them. */
    public record Restored(String projectId, String snapshotId, int restoredFromVersion, String safetySnapshotId,
            int version) {
    }

    public Uni<Restored> restore(CommandContext req, String projectId, Scope scope, String snapshotId,
            boolean safetySnapshot) {
        String id = ProjectIds.requireProjectId(projectId, "project_id");
        String wanted = requireSnapshotId(snapshotId);
        return locked(req, id, scope, ProjectAccess.Need.WRITE, (tx, head, state) -> {
            ObjectNode snapshot = SnapshotDecisions.requireSnapshot(state, id, wanted);
            int from = snapshot.get("version").asInt();
            return projects.fold(tx, head, from).flatMap(then -> {
                if (safetySnapshot) {
                    quotas.requireSnapshotRoom(head.organization(), id, state.snapshots.size(), true);
                }
                String safetyId = safetySnapshot ? SnapshotDecisions.newSnapshotId(state, ProjectIds::generate) : null;
                List<NewEvent> events = SnapshotDecisions.restore(head, snapshot, then, safetyId);
                return projects.append(tx, head, null, events, req.eventMetadata(head))
                        .map(after -> new Restored(id, wanted, head.apiVersion(from), safetyId, after.apiVersion()));
            });
        });
    }

    public Uni<Void> delete(CommandContext req, String projectId, Scope scope, String snapshotId) {
        String id = ProjectIds.requireProjectId(projectId, "project_id");
        String wanted = requireSnapshotId(snapshotId);
        return locked(req, id, scope, ProjectAccess.Need.DELETE, (tx, head, state) -> projects.append(tx, head, null,
                List.of(SnapshotDecisions.delete(state, id, wanted)), req.eventMetadata(head)).replaceWithVoid());
    }

    private interface Decision<T> {
        Uni<T> decide(SqlConnection tx, StreamHead head, ProjectState state);
    }

    /** In one transaction: locks the head of a project the caller may {@code need}, folds its state, decides. */
    private <T> Uni<T> locked(CommandContext req, String id, Scope scope, ProjectAccess.Need need,
            Decision<T> decision) {
        return projects.transaction(req, tx -> projects.lockHead(tx, id), (tx, locked) -> gate
                .require(tx, locked, req.caller(), id, req.workspaceId(), scope, need)
                .flatMap(access -> projects.fold(tx, access.head())
                        .flatMap(state -> decision.decide(tx, access.head(), state))));
    }

    private static String requireSnapshotId(String snapshotId) {
        return ProjectIds.requireProjectId(snapshotId, "snapshot_id");
    }
}
