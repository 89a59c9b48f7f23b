package io.projectservice.readmodel;

import io.projectservice.config.JsonCodec;
import io.projectservice.eventstore.EventStore;
import io.projectservice.pipeline.SetAsideEvents;
import io.projectservice.projects.ProjectState;
import io.projectservice.projects.StateCache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Brings a project's list row up to a version from the log rather than from the topic: when the
 * projector meets a gap, and when the relay or the projector set an event aside (a dead letter),
 * so that no project's row stays behind its log for good and {@code list} does not stay stale.
 * The fold reads only the fields the view needs ({@link ListFields}), whatever the events' size.
 */
@ApplicationScoped
public class ListRepair implements SetAsideEvents {
    private final EventStore store;
    private final ListView view;
    private final JsonCodec json;

    public ListRepair(EventStore store, ListView view, JsonCodec json) {
        this.store = store;
        this.view = view;
        this.json = json;
    }

    /**
     * The project's view row as of {@code version} (at most its head), folded from the log; null if
     * it has no stream.
     */
    public Uni<ProjectState> fold(SqlClient client, String streamId, int version) {
        return store.head(client, streamId).flatMap(head -> {
            if (head == null) {
                return Uni.createFrom().nullItem();
            }
            int target = Math.min(version, head.version());
            return store.latestStateCache(client, streamId, target, ListFields.STATE_SQL).flatMap(cached -> {
                ProjectState start = cached == null ? null : StateCache.read(json, cached.state());
                // as ProjectRepository.fold: from the incarnation's first event when no cached state is in it
                int from = cached != null ? cached.version()
                        : target >= head.incarnationStart() ? head.incarnationStart() - 1 : 0;
                return store.read(client, streamId, from, target, ListFields.DATA_SQL)
                        .map(events -> ProjectState.fold(start, events));
            });
        });
    }

    /** The relay set the event aside: write the row as of that event (version-guarded, like every upsert). */
    @Override
    public Uni<Void> setAside(SqlConnection tx, String streamId, int version) {
        return fold(tx, streamId, version)
                .flatMap(state -> state == null ? Uni.createFrom().voidItem() : view.upsert(tx, List.of(state)));
    }

    /**
     * The last resort for an event of the log the projector could not apply even folded from the
     * log: the row keeps what it shows and takes the event's version, so the project's later
     * events apply on top and {@code list} is not stale for good. The dead letter records it.
     */
    public Uni<Void> skipVersion(SqlClient tx, String streamId, int version) {
        return tx.preparedQuery("""
                UPDATE project_list_view SET version = $2 WHERE project_id = $1 AND version < $2
                AND $2 <= (SELECT version FROM project_streams WHERE stream_id = $1)""")
                .execute(Tuple.of(streamId, version)).replaceWithVoid();
    }
}
