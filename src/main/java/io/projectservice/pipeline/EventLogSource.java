package io.projectservice.pipeline;

import io.projectservice.config.ServiceConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The event log, published as CloudEvents to the events topic, keyed by project id. */
@ApplicationScoped
public class EventLogSource implements RelaySource {
    private final ServiceConfig config;
    private final ListFreshness freshness;

    public EventLogSource(ServiceConfig config, ListFreshness freshness) {
        this.config = config;
        this.freshness = freshness;
    }

    @Override
    public String checkpoint() {
        return "events";
    }

    @Override
    public String topic() {
        return config.kafka().eventsTopic();
    }

    @Override
    public String contentType() {
        return "application/cloudevents+json";
    }

    /** The relay's marks, which {@link ListFreshness} compares with the projector's. */
    @Override
    public Uni<Void> published(SqlConnection tx, Map<Integer, Long> nextOffsets) {
        return freshness.markPublished(tx, nextOffsets);
    }

    @Override
    public Uni<RelayCheckpoints.Batch<Outgoing>> readCommittedAfter(SqlConnection tx,
            RelayCheckpoints.RelayCheckpoint after, int limit, int maxBytes) {
        return unpublishedAfter(tx, after, limit, maxBytes).map(batch -> {
            List<Outgoing> out = new ArrayList<>(batch.items().size());
            for (Unpublished u : batch.items()) {
                CloudEvents.Envelope e = u.envelope();
                out.add(new Outgoing(e.subject(), e.encode(u.data()), e.type(), e.time(), u.order(),
                        new Event(e.subject(), e.sequence(), e.id(), e.position(), e.encodeWithoutData())));
            }
            return new RelayCheckpoints.Batch<>(out, batch.end());
        });
    }

    /**
     * Events after the checkpoint in (tx_id, global_position) order, from transactions older than
     * the oldest still running: every such transaction has ended, so nothing can appear before
     * what is returned, and a late commit of a lower position is picked up, never skipped.
     *
     * <p>At most {@code limit} events and {@code maxBytes} bytes of data, except that the first
     * event is returned whatever its size (it is sent alone). The sizes come from
     * {@code data_bytes} (V13; measured here for older events), so the events left out of the
     * batch are never read: the first statement picks the batch from the index and the sizes,
     * the second reads only the chosen events.
     */
    Uni<RelayCheckpoints.Batch<Unpublished>> unpublishedAfter(SqlConnection tx, RelayCheckpoints.RelayCheckpoint after, int limit,
            int maxBytes) {
        return tx.preparedQuery("""
                SELECT e.event_id, e.stream_id, e.version, e.global_position, e.type,
                e.data::text, c.bytes, e.metadata->>'actor', e.metadata->>'workspace_id', e.recorded_at,
                e.tx_id::text, (e.metadata->>'incarnation')::int, (e.metadata->>'incarnation_start')::int
                FROM (SELECT position, bytes FROM (SELECT position, bytes,
                   sum(bytes) OVER (ORDER BY tx_id, position) AS running,
                   row_number() OVER (ORDER BY tx_id, position) AS n FROM (
                   SELECT tx_id, global_position AS position, coalesce(data_bytes, octet_length(data::text)) AS bytes
                   FROM project_events WHERE (tx_id, global_position) > ($1::text::xid8, $2)
                     AND tx_id < pg_snapshot_xmin(pg_current_snapshot())
                   ORDER BY tx_id, global_position LIMIT $3) AS next) AS sized
                  WHERE n = 1 OR running <= $4) AS c
                JOIN project_events e ON e.global_position = c.position ORDER BY e.tx_id, e.global_position""")
                .execute(Tuple.of(after.txId(), after.position(), limit, maxBytes))
                .map(rows -> {
                    List<Unpublished> events = new ArrayList<>(rows.size());
                    RelayCheckpoints.RelayCheckpoint last = after;
                    for (Row r : rows) {
                        last = new RelayCheckpoints.RelayCheckpoint(r.getString(10), r.getLong(3));
                        events.add(new Unpublished(new CloudEvents.Envelope(r.getUUID(0), r.getString(1),
                                r.getString(8), r.getString(4), r.getOffsetDateTime(9), r.getInteger(2),
                                r.getLong(3), r.getString(7), r.getInteger(11), r.getInteger(12)), r.getString(5), r.getInteger(6), last));
                    }
                    return new RelayCheckpoints.Batch<>(events, last);
                });
    }

    /**
     * An event read for the relay: its envelope, its data as the JSON text it is stored as, the
     * size of that text in bytes, and its place in the relay's (tx_id, global_position) order.
     */
    public record Unpublished(CloudEvents.Envelope envelope, String data, int dataBytes, RelayCheckpoints.RelayCheckpoint order) {
    }
}
