package io.projectservice.eventstore;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.time.OffsetDateTime;

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

    Uni<EventStore.Batch<Outgoing>> readCommittedAfter(SqlConnection tx, EventStore.RelayCheckpoint after, int limit);

    /**
     * One Kafka record to publish; {@code type} and {@code appendedAt} feed the metrics. An event
     * of the log carries its place in the relay's order ({@code logOrder}, null for other sources),
     * sent as headers so the projector can say how far it has applied (see ListView.coversLog).
     */
    record Outgoing(String key, String value, String type, OffsetDateTime appendedAt,
            EventStore.RelayCheckpoint logOrder) {
    }
}
