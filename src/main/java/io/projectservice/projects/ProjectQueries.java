package io.projectservice.projects;

import io.projectservice.eventstore.RecordedEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The strongly consistent read side: state and history straight from the log. */
@ApplicationScoped
public class ProjectQueries {
    private final Pool pool;
    private final ProjectRepository projects;

    public ProjectQueries(Pool pool, ProjectRepository projects) {
        this.pool = pool;
        this.projects = projects;
    }

    public record Loaded(ProjectState state, int headVersion) {
    }

    /**
     * The state of a visible project, at its head or at an earlier version. No transaction: every
     * read after the head is bounded by the head's version and the log is append-only, so the
     * reads agree without one (a transaction in READ COMMITTED would not add a snapshot anyway),
     * and the BEGIN and COMMIT round trips are saved.
     */
    public Uni<Loaded> load(RequestInfo req, String projectId, Scope scope, Integer version) {
        String id = ProjectIds.requireProjectId(projectId, "project_id");
        if (version != null && version < 1) {
            throw io.projectservice.api.ApiException.badRequest("Parameter 'version' must be 1 or more");
        }
        return pool.withConnection(tx -> projects.store().head(tx, id)
                .map(head -> ProjectAccess.requireVisible(head, req.caller(), id, req.workspaceId(), scope))
                .flatMap(head -> projects.fold(tx, head, version == null ? head.version() : version)
                        .map(state -> new Loaded(state, head.version()))));
    }

    public record History(ProjectState state, List<RecordedEvent> events) {
    }

    /** The state and every event of a visible project, read in one transaction. */
    public Uni<History> history(RequestInfo req, String projectId, Scope scope) {
        String id = ProjectIds.requireProjectId(projectId, "project_id");
        return pool.withTransaction(tx -> projects.store().head(tx, id)
                .map(head -> ProjectAccess.requireVisible(head, req.caller(), id, req.workspaceId(), scope))
                .flatMap(head -> projects.store().read(tx, id, 0, head.version()))
                .map(events -> new History(ProjectState.fold(null, events), events)));
    }
}
