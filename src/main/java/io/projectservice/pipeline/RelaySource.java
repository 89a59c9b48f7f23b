package io.projectservice.pipeline;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/**
 * A table the relay publishes from, with its own checkpoint row and topic. Reads must follow the
 * same rule as the event log: (tx_id, position) order, only transactions below the oldest one
 * still running.
 */
public interface RelaySource {

    /** The checkpoint row's name in {@code relay_checkpoints}. */
    String checkpoint();

    String topic();

    /** The records' {@code content-type} header. */
    default String contentType() {
        return "application/json";
    }

    /**
     * The next records after {@code after}: at most {@code limit}, and at most {@code maxBytes}
     * bytes of payload unless the first record alone is larger.
     */
    Uni<RelayCheckpoints.Batch<Outgoing>> readCommittedAfter(SqlConnection tx, RelayCheckpoints.RelayCheckpoint after, int limit,
            int maxBytes);

    /**
     * Kafka acknowledged a batch of this source: per partition, the next offset after its records.
     * Runs in the transaction that moves the checkpoint past them.
     */
    default Uni<Void> published(SqlConnection tx, Map<Integer, Long> nextOffsets) {
        return Uni.createFrom().voidItem();
    }

    /**
     * One Kafka record to publish; {@code type} and {@code appendedAt} feed the metrics. An event
     * of the log carries its place in the relay's order ({@code logOrder}, null for other sources),
     * sent as headers so the projector can say how far it has applied (see ListFreshness), and
     * what identifies it in a dead letter ({@code event}, null for other sources).
     */
    record Outgoing(String key, byte[] value, String type, OffsetDateTime appendedAt,
            RelayCheckpoints.RelayCheckpoint logOrder, Event event) {
    }

    /**
     * An event of the log being relayed: what a dead letter records of it, and the value the
     * dead-letter topic gets instead of the record (its envelope without the data, which stays in
     * the log).
     */
    record Event(String streamId, int version, UUID eventId, long position, byte[] envelope) {
    }
}
