package io.projectservice.readmodel;

import io.projectservice.pipeline.ListFreshness;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.projectservice.config.JsonCodec;
import io.projectservice.eventstore.RecordedEvent;
import io.projectservice.projects.ProjectState;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drops the list read model and rebuilds it by folding every stream of the log, in one
 * transaction. Readers keep seeing the old view until it commits; the live projector waits on
 * the table lock and then applies only what is newer (its writes are version-guarded).
 */
@ApplicationScoped
public class ReadModelRebuild {
    private static final int FETCH = 2_000;
    private static final int WRITE_BATCH = 1_000;
    /** Events up to this size (bytes as stored) are read whole: reducing them would cost more than it saves. */
    private static final int SMALL_EVENT = 16 * 1024;

    private final Pool pool;
    private final ListView view;
    private final JsonCodec json;
    private final ListFreshness freshness;

    public ReadModelRebuild(Pool pool, ListView view, JsonCodec json, ListFreshness freshness) {
        this.freshness = freshness;
        this.pool = pool;
        this.view = view;
        this.json = json;
    }

    public record Result(long events, long projects) {
    }

    public Uni<Result> rebuild() {
        return pool.withTransaction(tx -> tx.query("LOCK TABLE project_list_view IN EXCLUSIVE MODE").execute()
                .flatMap(x -> tx.query("DELETE FROM project_list_view").execute())
                // first, so a record relayed after the log is read below leaves marks the view has not reached
                .flatMap(x -> freshness.forget(tx))
                // a large event is read as the part the view needs: a fetch of FETCH rows stays small
                .flatMap(x -> tx.prepare("SELECT stream_id, version, type, (CASE WHEN coalesce(data_bytes,"
                        + " pg_column_size(data)) > " + SMALL_EVENT + " THEN " + ListFields.DATA_SQL
                        + " ELSE data END)::text, recorded_at FROM project_events ORDER BY stream_id, version"))
                .flatMap(statement -> {
                    Folder folder = new Folder();
                    AtomicLong projects = new AtomicLong();
                    return statement.createStream(FETCH).toMulti()
                            .onItem().transformToIterable(folder::accept)
                            .onCompletion().switchTo(() -> io.smallrye.mutiny.Multi.createFrom()
                                    .iterable(folder.finish()))
                            .group().intoLists().of(WRITE_BATCH)
                            .onItem().transformToUniAndConcatenate(batch -> {
                                projects.addAndGet(batch.size());
                                return view.upsert(tx, batch);
                            })
                            .collect().last()
                            .map(x -> new Result(folder.events, projects.get()));
                }));
    }

    /** Folds rows ordered by (stream, version); hands out each stream's state when the next begins. */
    private final class Folder {
        private ProjectState current;
        private long events;

        List<ProjectState> accept(Row r) {
            events++;
            String stream = r.getString(0);
            List<ProjectState> done = new ArrayList<>(1);
            if (current != null && !current.id.equals(stream)) {
                done.add(current);
                current = null;
            }
            if (current == null) {
                current = new ProjectState();
                current.id = stream;
            }
            current.apply(new RecordedEvent(null, stream, r.getInteger(1), 0, r.getString(2),
                    json.readObject(r.getString(3)), JsonNodeFactory.instance.objectNode(), r.getOffsetDateTime(4)));
            return done;
        }

        List<ProjectState> finish() {
            return current == null ? List.of() : List.of(current);
        }
    }
}
