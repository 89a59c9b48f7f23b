package io.projectservice.projects;

import io.projectservice.api.ApiException;
import io.projectservice.eventstore.RecordedEvent;
import io.projectservice.eventstore.StreamHead;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
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

    /** The state of a visible project at its head. */
    public Uni<Loaded> load(RequestInfo req, String projectId, Scope scope) {
        return load(req, projectId, scope, null, null);
    }

    /**
     * The state of a visible project: at its head, at a version, or as it was at a moment (the
     * highest version recorded by then). At most one of {@code version} and {@code asOf}. No
     * transaction: every read after the head is bounded by the head's version and the log is
     * append-only, so the reads agree without one, and BEGIN and COMMIT cost two round trips.
     */
    public Uni<Loaded> load(RequestInfo req, String projectId, Scope scope, Integer version, OffsetDateTime asOf) {
        String id = ProjectIds.requireProjectId(projectId, "project_id");
        if (version != null && asOf != null) {
            throw ApiException.badRequest("Give either 'version' or 'as_of', not both");
        }
        if (version != null && version < 1) {
            throw ApiException.badRequest("Parameter 'version' must be 1 or more");
        }
        return pool.withConnection(tx -> visible(tx, req, id, scope)
                .flatMap(head -> target(tx, head, version, asOf)
                        .flatMap(v -> projects.fold(tx, head, v))
                        .map(state -> new Loaded(state, head.version()))));
    }

    private Uni<Integer> target(SqlClient client, StreamHead head, Integer version, OffsetDateTime asOf) {
        if (version != null) {
            if (version > head.version()) {
                throw ApiException.badRequest("Project '" + head.streamId() + "' is at version " + head.version()
                        + "; version " + version + " does not exist");
            }
            return Uni.createFrom().item(version);
        }
        if (asOf == null) {
            return Uni.createFrom().item(head.version());
        }
        return projects.store().versionAt(client, head.streamId(), asOf).map(v -> {
            if (v == null) {
                throw ApiException.notFound("Project '" + head.streamId() + "' did not exist yet at "
                        + ProjectViews.time(asOf));
            }
            return v;
        });
    }

    public record History(ProjectState state, List<RecordedEvent> events) {
    }

    /** The state and every event of a visible project, read in one transaction. */
    public Uni<History> history(RequestInfo req, String projectId, Scope scope) {
        String id = ProjectIds.requireProjectId(projectId, "project_id");
        return pool.withTransaction(tx -> visible(tx, req, id, scope)
                .flatMap(head -> projects.store().read(tx, id, 0, head.version()))
                .map(events -> new History(ProjectState.fold(null, events), events)));
    }

    /** A page of events; {@code next} is the version the following page starts at, null at the end. */
    public record EventPage(List<RecordedEvent> events, Integer next) {
    }

    /** Up to {@code limit} events of a visible project from version {@code from} on, oldest first. */
    public Uni<EventPage> events(RequestInfo req, String projectId, Scope scope, int from, int limit) {
        String id = ProjectIds.requireProjectId(projectId, "project_id");
        return pool.withTransaction(tx -> visible(tx, req, id, scope).flatMap(head -> {
            // versions are gapless, so the page is the version range itself
            int to = (int) Math.min(head.version(), (long) from - 1 + limit);
            return projects.store().read(tx, id, from - 1, to)
                    .map(events -> new EventPage(events, to < head.version() ? to + 1 : null));
        }));
    }

    private Uni<StreamHead> visible(SqlClient client, RequestInfo req, String id, Scope scope) {
        return projects.store().head(client, id)
                .map(head -> ProjectAccess.requireVisible(head, req.caller(), id, req.workspaceId(), scope));
    }
}
