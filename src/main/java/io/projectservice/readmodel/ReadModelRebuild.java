package io.projectservice.readmodel;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.projectservice.config.JsonCodec;
import io.projectservice.eventstore.RecordedEvent;
import io.projectservice.projects.ProjectState;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Rebuilds the list read model from the log without taking {@code list} down: the new view is
 * built beside the live one, in {@value #NEXT} (V17__list_view_rebuilt_beside.sql), while
 * {@code list} reads the live one and the projector keeps it current.
 *
 * <ol>
 * <li>A first pass folds every stream of the log into the copy, read in one read-only
 * transaction (it takes no transaction id, so it holds back neither the relay nor vacuum) and
 * written in short ones.
 * <li>Catch-up passes fold again the projects whose head moved since (the copy's version differs
 * from the log's), until at most {@value #CLOSE} are behind.
 * <li>The switch, in one short transaction: the live view locked (the projector, the relay's
 * repairs and readers wait, for at most the fold of those few projects), the last projects behind
 * folded into the copy, the live
 * view dropped and the copy moved in its place. Statements prepared on the old table are planned
 * again on the new one when the switch commits. The projector's marks stay true: the copy holds
 * every event committed before the lock, which is all the projector had applied.
 * </ol>
 */
@ApplicationScoped
public class ReadModelRebuild {
    private static final Logger LOG = Logger.getLogger(ReadModelRebuild.class);
    /** Where the new view is built: the live table's name, in its own schema. */
    static final String NEXT = "list_rebuild.project_list_view";
    private static final int FETCH = 2_000;
    private static final int WRITE_BATCH = 1_000;
    /** Events up to this size (bytes as stored) are read whole: reducing them would cost more than it saves. */
    private static final int SMALL_EVENT = 16 * 1024;
    /** Projects behind in the copy few enough to fold while the live view is locked. */
    private static final int CLOSE = 200;
    /** The most projects one catch-up pass folds again. */
    private static final int PASS_LIMIT = 5_000;
    /** Catch-up passes before the switch takes whatever is still behind under the lock. */
    private static final int MAX_PASSES = 20;

    private final Pool pool;
    private final ListView view;
    private final ListRepair repair;
    private final JsonCodec json;

    public ReadModelRebuild(Pool pool, ListView view, ListRepair repair, JsonCodec json) {
        this.pool = pool;
        this.view = view;
        this.repair = repair;
        this.json = json;
    }

    public record Result(long events, long projects) {
    }

    public Uni<Result> rebuild() {
        return pool.query("SELECT list_view_prepare_next()").execute()
                .flatMap(x -> firstPass())
                .call(x -> catchUp(1))
                .call(x -> pool.query("ANALYZE " + NEXT).execute())
                .call(x -> switchOver());
    }

    /** Every stream of the log folded into the copy. */
    private Uni<Result> firstPass() {
        // a large event is read as the part the view needs: a fetch of FETCH rows stays small
        return pool.withTransaction(tx -> tx.prepare("""
                SELECT stream_id, version, type, (CASE WHEN coalesce(data_bytes, pg_column_size(data)) > %d
                THEN %s ELSE data END)::text, recorded_at FROM project_events ORDER BY stream_id, version"""
                .formatted(SMALL_EVENT, ListFields.DATA_SQL))
                .flatMap(statement -> {
                    Folder folder = new Folder();
                    AtomicLong projects = new AtomicLong();
                    return statement.createStream(FETCH).toMulti()
                            .onItem().transformToIterable(folder::accept)
                            .onCompletion().switchTo(() -> Multi.createFrom().iterable(folder.finish()))
                            .group().intoLists().of(WRITE_BATCH)
                            .onItem().transformToUniAndConcatenate(batch -> {
                                projects.addAndGet(batch.size());
                                return view.upsertInto(pool, NEXT, batch); // short transactions of their own
                            })
                            .collect().last()
                            .map(x -> new Result(folder.events, projects.get()));
                }));
    }

    /** Passes over the projects whose head moved since they were folded, until few are behind. */
    private Uni<Void> catchUp(int pass) {
        return behind(pool, PASS_LIMIT).flatMap(ids -> {
            if (ids.size() <= CLOSE || pass > MAX_PASSES) {
                LOG.infof("read model rebuild: %s%d project(s) behind after %d catch-up pass(es), switching",
                        ids.size() == PASS_LIMIT ? "at least " : "", ids.size(), pass - 1);
                return Uni.createFrom().voidItem();
            }
            return refold(pool, ids).flatMap(x -> catchUp(pass + 1));
        });
    }

    private Uni<Void> switchOver() {
        // ACCESS EXCLUSIVE from the start, not EXCLUSIVE upgraded by the drop: a projector transaction
        // that has read the view (ACCESS SHARE) and waits to write it would deadlock with the upgrade
        return pool.withTransaction(tx -> tx.query("LOCK TABLE " + ListView.LIVE + " IN ACCESS EXCLUSIVE MODE").execute()
                .flatMap(x -> behind(tx, Integer.MAX_VALUE))
                .flatMap(ids -> refold(tx, ids))
                .flatMap(x -> tx.query("SELECT list_view_swap()").execute()))
                .replaceWithVoid();
    }

    /** A project of the log and its head version. */
    private record Head(String streamId, int version) {
    }

    /** Projects whose row in the copy is missing or not at the log's head (at most {@code limit}). */
    private static Uni<List<Head>> behind(SqlClient client, int limit) {
        return client.preparedQuery("""
                SELECT s.stream_id, s.version FROM project_streams s
                LEFT JOIN %s n ON n.project_id = s.stream_id
                WHERE n.version IS DISTINCT FROM s.version LIMIT $1""".formatted(NEXT))
                .execute(Tuple.of(limit))
                .map(rows -> {
                    List<Head> heads = new ArrayList<>(rows.size());
                    rows.forEach(r -> heads.add(new Head(r.getString(0), r.getInteger(1))));
                    return heads;
                });
    }

    /** These projects folded from the log, one after another, and written into the copy. */
    private Uni<Void> refold(SqlClient client, List<Head> heads) {
        return Multi.createFrom().iterable(heads)
                .onItem().transformToUniAndConcatenate(h -> repair.fold(client, h.streamId(), h.version()))
                .filter(Objects::nonNull)
                .group().intoLists().of(WRITE_BATCH)
                .onItem().transformToUniAndConcatenate(batch -> view.upsertInto(client, NEXT, batch))
                .collect().last().replaceWithVoid();
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
