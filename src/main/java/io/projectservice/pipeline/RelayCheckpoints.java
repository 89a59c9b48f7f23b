package io.projectservice.pipeline;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** The relay's checkpoint rows ({@code relay_checkpoints}): one per source, the lease on it, its moves. */
@ApplicationScoped
public class RelayCheckpoints {

    /**
     * SQL for the first {@code limit} events after the relay's checkpoint, in its order. Written
     * as an ordered LIMIT inside a LATERAL so the planner walks the (tx_id, global_position) index
     * from the checkpoint: as a plain join or EXISTS it expects a third of the log to match and
     * scans all of it (30 ms at 100,000 events) to find, usually, nothing.
     */
    public static String unpublishedEvents(String limit) {
        return """
                SELECT 1 FROM relay_checkpoints c, LATERAL (SELECT 1 FROM project_events e
                WHERE (e.tx_id, e.global_position) > (c.last_tx_id, c.last_position)
                ORDER BY e.tx_id, e.global_position LIMIT %s) x WHERE c.name = 'events'""".formatted(limit);
    }

    /** A relay position: everything up to this (transaction, position) pair has been published. */
    public record RelayCheckpoint(String txId, long position) {

        /** Whether this comes after {@code other} in the relay's (tx_id, position) order. */
        public boolean isAfter(RelayCheckpoint other) {
            int tx = Long.compareUnsigned(Long.parseUnsignedLong(txId), Long.parseUnsignedLong(other.txId));
            return tx > 0 || (tx == 0 && position > other.position);
        }
    }

    /** Locks a relay checkpoint row unless another replica holds it (then: null). */
    public Uni<RelayCheckpoint> lock(SqlConnection tx, String name) {
        return tx.preparedQuery("""
                SELECT last_tx_id::text, last_position FROM relay_checkpoints
                WHERE name = $1 FOR UPDATE SKIP LOCKED""").execute(Tuple.of(name))
                .map(rows -> rows.size() == 0 ? null
                        : new RelayCheckpoint(rows.iterator().next().getString(0), rows.iterator().next().getLong(1)));
    }

    /** Items read for the relay, and the checkpoint after the last of them. */
    public record Batch<T>(List<T> items, RelayCheckpoint end) {
    }

    public Uni<Void> move(SqlConnection tx, String name, RelayCheckpoint to) {
        return tx.preparedQuery("""
                UPDATE relay_checkpoints SET last_tx_id = $1::text::xid8, last_position = $2,
                updated_at = now() WHERE name = $3""").execute(Tuple.of(to.txId(), to.position(), name))
                .replaceWithVoid();
    }
}
