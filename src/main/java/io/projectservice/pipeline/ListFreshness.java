package io.projectservice.pipeline;

import io.projectservice.config.ServiceConfig;
import io.projectservice.projects.Scope;
import io.projectservice.projects.ScopeFilter;
import io.projectservice.security.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The freshness protocol of {@code list}: whether the list view holds everything the log held
 * when a request began. It owns the marks both ends of the pipeline leave
 * (V9__pipeline_marks.sql, V10): the relay's, per partition of the events topic, the next offset
 * after what Kafka acknowledged, written with the checkpoint move; the projector's, per partition,
 * the next offset it has applied and the newest event it applied in the relay's order (from the
 * order headers the relay puts on each record), written with the rows. {@link #coversLog} reads
 * them; {@link #plan} is its decision, without a database.
 */
@ApplicationScoped
public class ListFreshness {
    /** Headers of an event record: its writing transaction and position, the relay's order. */
    public static final String LOG_TX_ID = "log-tx-id";
    public static final String LOG_POSITION = "log-position";
    /** NOTIFY channel raised when a projector batch committed: a waiting {@code list} checks again. */
    public static final String APPLIED_CHANNEL = "project_list_view";
    /** The most events after the horizon the RECENT check looks through before it sums instead. */
    static final int RECENT_LIMIT = 1000;

    private final String eventsTopic;

    public ListFreshness(ServiceConfig config) {
        this.eventsTopic = config.kafka().eventsTopic();
    }

    // ---- the relay's side

    /** Puts an event's place in the relay's order on its record (nothing for a record without one). */
    public static void writeOrder(Headers headers, RelayCheckpoints.RelayCheckpoint order) {
        if (order != null) {
            headers.add(LOG_TX_ID, order.txId().getBytes(StandardCharsets.UTF_8));
            headers.add(LOG_POSITION, Long.toString(order.position()).getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Records, per partition of the events topic, the next offset after the records Kafka has
     * acknowledged, in the transaction that moves the checkpoint past them (marks only grow).
     */
    public Uni<Void> markPublished(SqlConnection tx, Map<Integer, Long> nextOffsets) {
        if (nextOffsets.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>(nextOffsets.size());
        nextOffsets.forEach((partition, offset) -> rows.add(Tuple.of(eventsTopic, partition, offset)));
        return tx.preparedQuery("""
                INSERT INTO relay_partition_marks (topic, partition, next_offset) VALUES ($1, $2, $3)
                ON CONFLICT (topic, partition) DO UPDATE SET next_offset = EXCLUDED.next_offset
                WHERE relay_partition_marks.next_offset < EXCLUDED.next_offset""")
                .executeBatch(rows).replaceWithVoid();
    }

    // ---- the projector's side

    /** What the projector has applied of one partition: the next offset, and the newest event's order. */
    public record Applied(long nextOffset, RelayCheckpoints.RelayCheckpoint newest) {
    }

    /**
     * The newest event of these records in the relay's order, from their order headers (null when
     * none has them). Not simply the last record: a batch the relay sent again after a failure
     * repeats older events.
     */
    public static RelayCheckpoints.RelayCheckpoint newestOrder(List<? extends ConsumerRecord<?, ?>> records) {
        long bestTx = -1;
        long bestPosition = -1;
        for (ConsumerRecord<?, ?> r : records) {
            Header tx = r.headers().lastHeader(LOG_TX_ID);
            Header position = r.headers().lastHeader(LOG_POSITION);
            if (tx == null || position == null) {
                continue;
            }
            try {
                long t = Long.parseLong(new String(tx.value(), StandardCharsets.UTF_8));
                long p = Long.parseLong(new String(position.value(), StandardCharsets.UTF_8));
                if (t > bestTx || (t == bestTx && p > bestPosition)) {
                    bestTx = t;
                    bestPosition = p;
                }
            } catch (NumberFormatException e) {
                // not ours: ignore the headers
            }
        }
        return bestTx < 0 ? null : new RelayCheckpoints.RelayCheckpoint(Long.toString(bestTx), bestPosition);
    }

    /** The projector's marks, written in the transaction of the rows it applied. */
    public Uni<Void> markApplied(SqlConnection tx, Map<Integer, Applied> applied) {
        if (applied.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>(applied.size());
        applied.forEach((partition, a) -> rows.add(Tuple.of(eventsTopic, partition, a.nextOffset(),
                a.newest() == null ? null : a.newest().txId(), a.newest() == null ? null : a.newest().position())));
        return tx.preparedQuery("""
                INSERT INTO projector_partition_marks AS m (topic, partition, next_offset, last_tx_id, last_position)
                VALUES ($1, $2, $3, $4::text::xid8, $5)
                ON CONFLICT (topic, partition) DO UPDATE SET
                next_offset = greatest(m.next_offset, EXCLUDED.next_offset),
                last_tx_id = CASE WHEN %1$s THEN EXCLUDED.last_tx_id ELSE m.last_tx_id END,
                last_position = CASE WHEN %1$s THEN EXCLUDED.last_position ELSE m.last_position END"""
                .formatted(NEWER))
                .executeBatch(rows).replaceWithVoid();
    }

    private static final String NEWER = """
            (m.last_tx_id IS NULL OR (EXCLUDED.last_tx_id IS NOT NULL \
            AND (EXCLUDED.last_tx_id, EXCLUDED.last_position) > (m.last_tx_id, m.last_position)))""";

    // ---- the lag, for readiness

    /** SQL (parameter {@code $n} is the events topic): records the relay published that the projector has not applied. */
    static String recordsNotApplied(int topicParam) {
        return """
                SELECT coalesce(sum(greatest(r.next_offset - coalesce(p.next_offset, 0), 0)), 0)
                FROM relay_partition_marks r LEFT JOIN projector_partition_marks p
                ON p.topic = r.topic AND p.partition = r.partition WHERE r.topic = $%d""".formatted(topicParam);
    }

    /** SQL: the projector's marks added up; while records wait, a sum that stays put means it does not move. */
    static String appliedSum(int topicParam) {
        return "SELECT coalesce(sum(next_offset), 0) FROM projector_partition_marks WHERE topic = $%d"
                .formatted(topicParam);
    }

    // ---- the check list uses

    /** How {@link #coversLog} decided: the counter {@code projects_list_check_total{path}}. */
    public enum CheckPath { DRAINED, RECENT, SUMS }

    public record Coverage(boolean covered, CheckPath path) {
    }

    /** Both sides' marks of one partition of the events topic; the projector's are null where it has none. */
    public record PartitionMarks(int partition, long relayNext, Long projectorNext,
            RelayCheckpoints.RelayCheckpoint projectorNewest) {

        boolean projectorBehind() {
            return projectorNext == null || projectorNext < relayNext;
        }
    }

    /** The pipeline's position: whether every committed event is relayed, the relay's checkpoint, the marks. */
    public record PipelinePosition(boolean allRelayed, RelayCheckpoints.RelayCheckpoint relayCheckpoint,
            List<PartitionMarks> partitions) {
    }

    /** What the marks allow: the view is complete, or compare the events after a horizon, or sum. */
    public sealed interface Plan {
        record Drained() implements Plan {
        }

        /** Every event that may be missing from the view comes after {@code horizon}. */
        record Recent(RelayCheckpoints.RelayCheckpoint horizon) implements Plan {
        }

        record Sums() implements Plan {
        }
    }

    /**
     * The cheapest way that applies:
     * <ol>
     * <li>DRAINED: the relay has published every committed event and, in every partition of the
     * event topic, the projector has applied up to the relay's mark. The relay publishes in
     * (tx_id, position) order and the projector applies each partition in offset order, writing
     * its mark with the rows, so then every committed event is in the view.
     * <li>RECENT: otherwise, every event that may be missing from the view comes after a horizon:
     * the relay's checkpoint, or for a partition the projector is behind in, the newest event it
     * has applied there (a partition's records are in the relay's order, so what is not yet
     * applied comes after it). Not possible when the projector is behind in a partition where it
     * has no such position (it applied nothing there, or only records without order headers).
     * <li>SUMS: otherwise, and when there are no relay marks yet (nothing to compare).
     * </ol>
     */
    public static Plan plan(PipelinePosition position) {
        if (position.partitions().isEmpty()) {
            return new Plan.Sums();
        }
        boolean behind = position.partitions().stream().anyMatch(PartitionMarks::projectorBehind);
        if (position.allRelayed() && !behind) {
            return new Plan.Drained();
        }
        RelayCheckpoints.RelayCheckpoint horizon = position.relayCheckpoint();
        for (PartitionMarks p : position.partitions()) {
            if (!p.projectorBehind()) {
                continue;
            }
            if (p.projectorNext() == null || p.projectorNewest() == null) {
                return new Plan.Sums();
            }
            if (horizon == null || horizon.isAfter(p.projectorNewest())) {
                horizon = p.projectorNewest();
            }
        }
        return new Plan.Recent(horizon);
    }

    /**
     * The RECENT way's answer: the caller's projects among the events after the horizon compared,
     * view row against log head, when there are at most {@value #RECENT_LIMIT} such events; null
     * (sum instead) when there are more.
     */
    static Coverage recentAnswer(long eventsAfterHorizon, boolean rowsMatch) {
        return eventsAfterHorizon <= RECENT_LIMIT ? new Coverage(rowsMatch, CheckPath.RECENT) : null;
    }

    /**
     * Whether the view holds, for every project of the caller's in these scopes (in one workspace,
     * or in all when it is null), at least the version the log has now: then a list shows
     * everything committed before this call. {@link #plan} chooses the way; SUMS compares the sums
     * of versions of the caller's projects in the log and in the view: a view row is folded from
     * its project's events, so its version is never above the log's and a missing row counts 0,
     * and the sums are equal exactly when every row has caught up. Linear in the caller's projects.
     */
    public Uni<Coverage> coversLog(SqlClient client, String workspaceId, List<Scope> scopes, Caller caller) {
        // separate statements, each small: PostgreSQL plans every statement it is sent, and one
        // statement holding all three ways took 2 ms to plan for 0.4 ms of execution
        return client.preparedQuery(PIPELINE_POSITION).execute(Tuple.of(eventsTopic)).flatMap(rows -> {
            Plan plan = plan(position(rows));
            if (plan instanceof Plan.Drained) {
                return Uni.createFrom().item(new Coverage(true, CheckPath.DRAINED));
            }
            if (plan instanceof Plan.Recent recent) {
                return recent(client, recent.horizon(), workspaceId, scopes, caller);
            }
            return sums(client, workspaceId, scopes, caller);
        });
    }

    /**
     * The pipeline's position in one look: one row per partition the relay has marked (one row
     * with no partition when it has marked none), each with whether every committed event is
     * relayed and the relay's checkpoint.
     */
    private static final String PIPELINE_POSITION = """
            SELECT NOT EXISTS (%s), c.last_tx_id::text, c.last_position,
             r.partition, r.next_offset, p.next_offset, p.last_tx_id::text, p.last_position
            FROM relay_checkpoints c
            LEFT JOIN relay_partition_marks r ON r.topic = $1
            LEFT JOIN projector_partition_marks p ON p.topic = r.topic AND p.partition = r.partition
            WHERE c.name = 'events'""".formatted(RelayCheckpoints.unpublishedEvents("1"));

    private static PipelinePosition position(Iterable<Row> rows) {
        boolean allRelayed = false;
        RelayCheckpoints.RelayCheckpoint checkpoint = null;
        List<PartitionMarks> partitions = new ArrayList<>();
        for (Row r : rows) {
            allRelayed = r.getBoolean(0);
            checkpoint = new RelayCheckpoints.RelayCheckpoint(r.getString(1), r.getLong(2));
            if (r.getInteger(3) != null) {
                String lastTx = r.getString(6);
                partitions.add(new PartitionMarks(r.getInteger(3), r.getLong(4), r.getLong(5),
                        lastTx == null ? null : new RelayCheckpoints.RelayCheckpoint(lastTx, r.getLong(7))));
            }
        }
        return new PipelinePosition(allRelayed, checkpoint, partitions);
    }

    private Uni<Coverage> recent(SqlClient client, RelayCheckpoints.RelayCheckpoint horizon, String workspaceId,
            List<Scope> scopes, Caller caller) {
        return client.preparedQuery("""
                WITH recent AS MATERIALIZED (SELECT e.stream_id FROM project_events e
                  WHERE (e.tx_id, e.global_position) > ($4::text::xid8, $5)
                  ORDER BY e.tx_id, e.global_position LIMIT %d)
                SELECT (SELECT count(*) FROM recent),
                NOT EXISTS (SELECT 1 FROM (SELECT DISTINCT stream_id FROM recent) r
                  JOIN project_streams s ON s.stream_id = r.stream_id
                  LEFT JOIN project_list_view v ON v.project_id = s.stream_id
                  WHERE %s AND %s AND v.version IS DISTINCT FROM s.version)"""
                .formatted(RECENT_LIMIT + 1, inWorkspace("s", workspaceId), ScopeFilter.visibleTo("s", scopes)))
                .execute(Tuple.of(workspaceId, caller.username(), caller.organization(), horizon.txId(),
                        horizon.position()))
                .flatMap(rows -> {
                    Row r = rows.iterator().next();
                    Coverage answer = recentAnswer(r.getLong(0), r.getBoolean(1));
                    return answer != null ? Uni.createFrom().item(answer) : sums(client, workspaceId, scopes, caller);
                });
    }

    private Uni<Coverage> sums(SqlClient client, String workspaceId, List<Scope> scopes, Caller caller) {
        return client.preparedQuery("""
                SELECT (SELECT coalesce(sum(s.version), 0) FROM project_streams s WHERE %s AND %s)
                 = (SELECT coalesce(sum(v.version), 0) FROM project_list_view v WHERE %s AND %s)"""
                .formatted(inWorkspace("s", workspaceId), ScopeFilter.visibleTo("s", scopes),
                        inWorkspace("v", workspaceId), ScopeFilter.visibleTo("v", scopes)))
                .execute(Tuple.of(workspaceId, caller.username(), caller.organization()))
                .map(rows -> new Coverage(rows.iterator().next().getBoolean(0), CheckPath.SUMS));
    }

    /** One workspace ($1), or all of them: two statements, each with a plan that uses its index. */
    private static String inWorkspace(String alias, String workspaceId) {
        return workspaceId == null ? "$1::text IS NULL" : alias + ".workspace_id = $1";
    }
}
