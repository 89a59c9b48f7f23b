package io.projectservice.projects;

import io.projectservice.eventstore.StreamHead;
import io.projectservice.security.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Applies {@link ProjectAccess} to a request, reading the share when the caller is not an owner.
 * The share is read through the caller's connection (inside the command's transaction, after the
 * stream lock, for writes), so a revoke committed before is always seen.
 */
@ApplicationScoped
public class ProjectGate {

    /** The project's head, and the share the caller came in by (null for an owner). */
    public record Access(StreamHead head, ShareGrant share) {
    }

    private final ShareGrants shares;

    public ProjectGate(ShareGrants shares) {
        this.shares = shares;
    }

    public Uni<Access> require(SqlClient client, StreamHead head, Caller caller, String projectId, String workspaceId,
            Scope scope, ProjectAccess.Need need) {
        if (ProjectAccess.ownerMay(head, caller, projectId, workspaceId, scope, need)) {
            return Uni.createFrom().item(new Access(head, null));
        }
        return shares.grant(client, head, caller).map(share -> {
            if (share == null) {
                throw ProjectAccess.notFound(projectId, workspaceId, scope);
            }
            return new Access(head, ProjectAccess.allow(share, need, projectId));
        });
    }
}
