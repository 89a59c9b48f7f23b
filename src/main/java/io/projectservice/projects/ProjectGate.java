package io.projectservice.projects;

import io.projectservice.errors.Refusal;
import io.projectservice.eventstore.StreamHead;
import io.projectservice.security.AccessPolicy;
import io.projectservice.security.Caller;
import io.projectservice.sharing.Share;
import io.projectservice.sharing.Shares;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Who may do what with a project: its owners (the author of a user project, every member of an
 * organization project's organization) in its own workspace and scope, or the recipient of a
 * usable share, whatever workspace and scope the request names. The share is read from
 * {@code project_shares} through the caller's connection (inside the command's transaction, after
 * the stream lock, for writes), so a revoke committed before is always seen.
 */
@ApplicationScoped
public class ProjectGate {

    /** What a request does with the project. */
    public enum Need {
        /** load, history, export, snapshots/list, copy from: owners, viewers, editors. */
        READ,
        /** save, snapshots/create and restore: owners and editors. */
        WRITE,
        /** cleanup, snapshots/delete: owners only. */
        DELETE,
        /** share, revoke, update-role, the outbox of one project: the project's author only. */
        SHARE
    }

    /** The project's head, and the share the caller came in by (null for an owner). */
    public record Access(StreamHead head, Share share) {
    }

    private final Shares shares;

    public ProjectGate(Shares shares) {
        this.shares = shares;
    }

    public Uni<Access> require(SqlClient client, StreamHead head, Caller caller, String projectId, String workspaceId,
            Scope scope, Need need) {
        if (head == null || head.deleted()) {
            throw ProjectAccess.notFound(projectId, workspaceId, scope);
        }
        if (AccessPolicy.canAccess(caller, head) && head.workspaceId().equals(workspaceId)
                && (scope == null || head.scope().equals(scope.wire()))) {
            if (need == Need.SHARE && !caller.isAuthor(head.author(), head.organization())) {
                throw Refusal.forbidden("owner_only_share", "Only the author of project '" + projectId + "' shares it");
            }
            return Uni.createFrom().item(new Access(head, null));
        }
        return shares.grant(client, head, caller).map(share -> {
            if (share == null) {
                throw ProjectAccess.notFound(projectId, workspaceId, scope);
            }
            return new Access(head, allow(share, need, projectId));
        });
    }

    /** {@code share} when it allows {@code need}; a 403 that says why otherwise. */
    public static Share allow(Share share, Need need, String projectId) {
        switch (need) {
            case READ -> {
            }
            case WRITE -> {
                if (!share.editor()) {
                    throw Refusal.forbidden("viewer_read_only",
                            "Project '" + projectId + "' is shared with you as viewer:"
                            + " it cannot be changed through that share");
                }
            }
            case DELETE -> throw Refusal.forbidden("owner_only_delete",
                    "Project '" + projectId + "' is shared with you:"
                    + " only its owner deletes it or its snapshots");
            case SHARE -> throw Refusal.forbidden("owner_only_share", "Project '" + projectId + "' is shared with you:"
                    + " only its owner shares it");
        }
        return share;
    }
}
