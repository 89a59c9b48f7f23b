package io.projectservice.sharing;

import io.projectservice.config.ServiceConfig;
import io.projectservice.projects.CommandContext;
import io.projectservice.projects.ProjectAccess;
import io.projectservice.projects.ProjectGate;
import io.projectservice.projects.ProjectIds;
import io.projectservice.projects.ProjectRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/** The owner's outbox and the recipient's inbox: pages read from the share table's indexes. */
@ApplicationScoped
public class ShareQueries {
    private final Pool pool;
    private final ProjectRepository projects;
    private final ProjectGate gate;
    private final Shares shares;
    private final ServiceConfig.Sharing limits;

    public ShareQueries(Pool pool, ProjectRepository projects, ProjectGate gate, Shares shares, ServiceConfig config) {
        this.pool = pool;
        this.projects = projects;
        this.gate = gate;
        this.shares = shares;
        this.limits = config.sharing();
    }

    /** The shares the caller made, of one project (which they must own) when {@code projectId} is given. */
    public Uni<Shares.Page> outbox(CommandContext req, String projectId, Shares.Cursor after, Integer limit) {
        int size = size(limit);
        if (projectId == null || projectId.isBlank()) {
            return shares.outbox(pool, req.caller(), null, after, size);
        }
        String id = ProjectIds.requireProjectId(projectId, "project_id");
        return pool.withConnection(c -> projects.head(c, id)
                .flatMap(head -> gate.require(c, head, req.caller(), id,
                        head == null ? req.workspaceId() : head.workspaceId(), null, ProjectAccess.Need.SHARE))
                .flatMap(access -> shares.outbox(c, req.caller(), id, after, size)));
    }

    public Uni<Shares.Page> inbox(CommandContext req, Shares.Cursor after, Integer limit) {
        return shares.inbox(pool, req.caller(), after, size(limit));
    }

    private int size(Integer limit) {
        return limit == null ? limits.defaultLimit() : Math.max(1, Math.min(limit, limits.maxLimit()));
    }
}
