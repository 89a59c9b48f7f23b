package io.projectservice.projects;

import io.projectservice.config.ServiceConfig;
import io.projectservice.errors.Refusal;
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
    private final ProjectGate gate;
    private final long pageMaxBytes;

    public ProjectQueries(Pool pool, ProjectRepository projects, ProjectGate gate, ServiceConfig config) {
        this.pool = pool;
        this.projects = projects;
        this.gate = gate;
        this.pageMaxBytes = config.limits().pageMaxBytes();
    }

    /** A state, and the head's version as the API counts it (the ETag). */
    public record Loaded(ProjectState state, int headVersion) {
    }

    /** The state of a visible project at its head. */
    public Uni<Loaded> load(CommandContext req, String projectId, Scope scope) {
        return load(req, projectId, scope, null, null);
    }

    /**
     * The state of a visible project: at its head, at a version (as the API counts them: from 1
     * in the current incarnation), or as it was at a moment (the highest version recorded by then,
     * in the current incarnation). At most one of {@code version} and {@code asOf}. No
     * transaction: every read after the head is bounded by the head's version and the log is
     * append-only, so the reads agree without one, and BEGIN and COMMIT cost two round trips.
     */
    public Uni<Loaded> load(CommandContext req, String projectId, Scope scope, Integer version, OffsetDateTime asOf) {
        String id = ProjectIds.requireProjectId(projectId, "project_id");
        if (version != null && asOf != null) {
            throw Refusal.invalid("parameter_conflict", "Give either 'version' or 'as_of', not both");
        }
        if (version != null && version < 1) {
            throw Refusal.invalid("parameter_invalid", "Parameter 'version' must be 1 or more");
        }
        return pool.withConnection(tx -> visible(tx, req, id, scope)
                .flatMap(head -> target(tx, head, version, asOf)
                        .flatMap(v -> projects.fold(tx, head, v))
                        .map(state -> new Loaded(state, head.apiVersion()))));
    }

    private Uni<Integer> target(SqlClient client, StreamHead head, Integer version, OffsetDateTime asOf) {
        if (version != null) {
            if (version > head.apiVersion()) {
                throw Refusal.invalid("version_not_found",
                        "Project '" + head.streamId() + "' is at version " + head.apiVersion()
                        + "; version " + version + " does not exist");
            }
            return Uni.createFrom().item(head.logVersion(version));
        }
        if (asOf == null) {
            return Uni.createFrom().item(head.version());
        }
        return projects.versionAt(client, head, asOf).map(v -> {
            if (v == null) {
                throw Refusal.notFound("project_not_yet_created",
                        "Project '" + head.streamId() + "' did not exist yet at "
                        + ProjectViews.time(asOf));
            }
            return v;
        });
    }

    public record History(ProjectState state, List<RecordedEvent> events) {
    }

    /** The state and every event of a visible project's current incarnation, read in one transaction. */
    public Uni<History> history(CommandContext req, String projectId, Scope scope) {
        String id = ProjectIds.requireProjectId(projectId, "project_id");
        return pool.withTransaction(tx -> visible(tx, req, id, scope)
                .flatMap(head -> projects.incarnation(tx, head))
                .map(events -> new History(ProjectState.fold(null, events), events)));
    }

    /**
     * A page of events of the current incarnation; {@code next} is the (API) version the following
     * page starts at, null at the end; {@code head} translates the events' log versions.
     */
    public record EventPage(List<RecordedEvent> events, Integer next, StreamHead head) {
    }

    /**
     * Up to {@code limit} events (and about {@code projects.limits.page-max-bytes} of their data) of a
     * visible project from (API) version {@code from} on, oldest first.
     */
    public Uni<EventPage> events(CommandContext req, String projectId, Scope scope, int from, int limit) {
        String id = ProjectIds.requireProjectId(projectId, "project_id");
        return pool.withTransaction(tx -> visible(tx, req, id, scope).flatMap(head -> {
            if (from > head.apiVersion()) {
                return Uni.createFrom().item(new EventPage(List.of(), null, head));
            }
            // versions are gapless, so the page is the version range itself
            int first = head.logVersion(from);
            int to = (int) Math.min(head.version(), (long) first - 1 + limit);
            return projects.eventPage(tx, id, first - 1, to, pageMaxBytes).map(events -> {
                int last = events.isEmpty() ? to : events.get(events.size() - 1).version();
                return new EventPage(events, last < head.version() ? head.apiVersion(last) + 1 : null, head);
            });
        }));
    }

    private Uni<StreamHead> visible(SqlClient client, CommandContext req, String id, Scope scope) {
        return projects.head(client, id).flatMap(head -> gate.require(client, head, req.caller(), id,
                req.workspaceId(), scope, ProjectAccess.Need.READ)).map(ProjectGate.Access::head);
    }
}
