package io.projectservice.eventstore;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.projectservice.config.JsonCodec;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SQL core of the event store: stream heads, append with an expected version, reads and
 * state snapshots. JSON crosses the boundary as text ({@code ::text::jsonb}) so the driver never
 * re-encodes it.
 */
@ApplicationScoped
public class EventStore {

    /** NOTIFY channel the relay listens on; delivered only when the appending transaction commits. */
    public static final String NOTIFY_CHANNEL = "project_events";

    private static final String HEAD_COLUMNS =
            "stream_id, version, workspace_id, scope, author, organization, deleted, created_at, updated_at";

    private final JsonCodec json;
    private final MeterRegistry metrics;

    public EventStore(JsonCodec json, MeterRegistry metrics) {
        this.json = json;
        this.metrics = metrics;
    }

    public Uni<StreamHead> head(SqlClient client, String streamId) {
        return client.preparedQuery("SELECT " + HEAD_COLUMNS + " FROM project_streams WHERE stream_id = $1")
                .execute(Tuple.of(streamId))
                .map(rows -> rows.size() == 0 ? null : toHead(rows.iterator().next()));
    }

    /** Heads of several streams (those that exist), in one statement. */
    public Uni<List<StreamHead>> heads(SqlClient client, List<String> streamIds) {
        return client.preparedQuery("SELECT " + HEAD_COLUMNS + " FROM project_streams WHERE stream_id = ANY($1)")
                .execute(Tuple.of(streamIds.toArray(String[]::new)))
                .map(rows -> {
                    List<StreamHead> heads = new ArrayList<>(rows.size());
                    rows.forEach(r -> heads.add(toHead(r)));
                    return heads;
                });
    }

    /**
     * Takes the stream's lock until the transaction ends, then reads its head: writers of one
     * stream take turns. It must come before the transaction's first write. The lock is an
     * advisory lock, which (unlike a row lock) does not give the transaction its id while it
     * waits; the id comes with the first write, after the lock. So for every stream, transaction
     * ids grow with versions, and the relay's (tx_id, position) order is each project's version
     * order. One statement: {@code lock_stream_head} (migration V8) locks, then reads the head
     * with a snapshot taken after the lock was granted.
     */
    public Uni<StreamHead> lockHead(SqlConnection tx, String streamId) {
        return tx.preparedQuery("SELECT " + HEAD_COLUMNS + " FROM lock_stream_head($1)").execute(Tuple.of(streamId))
                .map(rows -> rows.size() == 0 ? null : toHead(rows.iterator().next()));
    }

    /** {@link #lockHead}'s lock for several streams at once, taken in one order so writers never deadlock. */
    public Uni<Void> lockStreams(SqlConnection tx, List<String> streamIds) {
        return tx.preparedQuery("SELECT count(pg_advisory_xact_lock(k)) FROM (SELECT hashtextextended(id, 0) AS k"
                + " FROM unnest($1::text[]) AS id ORDER BY 1) AS keys")
                .execute(Tuple.of(streamIds.toArray(String[]::new))).replaceWithVoid();
    }

    /**
     * Heads of the live streams in one workspace and scope that belong to a caller: in user scope
     * the caller's own (author and organization), in organization scope the organization's.
     */
    public Uni<List<StreamHead>> liveHeads(SqlClient client, String workspaceId, String scope, String author,
            String organization, int limit) {
        return client.preparedQuery("SELECT " + HEAD_COLUMNS + " FROM project_streams WHERE " + liveOf(scope)
                + " ORDER BY stream_id LIMIT $5")
                .execute(Tuple.of(workspaceId, scope, author, organization, limit))
                .map(rows -> {
                    List<StreamHead> heads = new ArrayList<>(rows.size());
                    rows.forEach(r -> heads.add(toHead(r)));
                    return heads;
                });
    }

    /** How many streams {@link #liveHeads} would answer without a limit. */
    public Uni<Long> countLive(SqlClient client, String workspaceId, String scope, String author,
            String organization) {
        return client.preparedQuery("SELECT count(*) FROM project_streams WHERE " + liveOf(scope))
                .execute(Tuple.of(workspaceId, scope, author, organization))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** $1 workspace, $2 scope, $3 author, $4 organization. */
    private static String liveOf(String scope) {
        boolean user = "user".equals(scope);
        String owner = user ? "author = $3 AND organization IS NOT DISTINCT FROM $4" : "organization = $4";
        return "workspace_id = $1 AND scope = $2 AND " + owner + " AND NOT deleted"
                + (user ? "" : " AND $3::text IS NOT NULL");
    }

    /** Events of a stream with version in (afterVersion, toVersion], oldest first. */
    public Uni<List<RecordedEvent>> read(SqlClient client, String streamId, int afterVersion, int toVersion) {
        return client.preparedQuery("SELECT event_id, stream_id, version, global_position, type, data::text,"
                + " metadata::text, recorded_at FROM project_events"
                + " WHERE stream_id = $1 AND version > $2 AND version <= $3 ORDER BY version")
                .execute(Tuple.of(streamId, afterVersion, toVersion))
                .map(this::toEvents);
    }

    /** The highest version recorded at or before {@code at}; null when the stream did not exist yet. */
    public Uni<Integer> versionAt(SqlClient client, String streamId, OffsetDateTime at) {
        return client.preparedQuery("SELECT max(version) FROM project_events WHERE stream_id = $1 AND recorded_at <= $2")
                .execute(Tuple.of(streamId, at))
                .map(rows -> rows.iterator().next().getInteger(0));
    }

    /**
     * Appends events after {@code expectedVersion} (0 creates the stream) and moves the head to
     * {@code newHead}. Fails with {@link VersionConflictException} when the stream has moved on
     * or (for a creation) already exists.
     *
     * <p>One statement: the head move, the events (inserted only for a head that moved, in
     * version order so positions grow with versions) and the NOTIFY for the relay (delivered
     * only if the transaction commits; on a conflict the caller rolls back).
     */
    public Uni<Void> append(SqlConnection tx, StreamHead newHead, int expectedVersion, List<NewEvent> events,
            ObjectNode metadata) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int newVersion = expectedVersion + events.size();
        UUID[] ids = new UUID[events.size()];
        String[] types = new String[events.size()];
        String[] data = new String[events.size()];
        for (int i = 0; i < events.size(); i++) {
            ids[i] = UUID.randomUUID();
            types[i] = events.get(i).type();
            data[i] = json.write(events.get(i).data());
        }
        Tuple params = Tuple.tuple().addString(newHead.streamId()).addInteger(newVersion)
                .addBoolean(newHead.deleted()).addInteger(expectedVersion).addArrayOfUUID(ids)
                .addArrayOfString(types).addArrayOfString(data).addString(json.write(metadata));
        String sql;
        if (expectedVersion == 0) {
            sql = CREATE_HEAD;
            params.addString(newHead.workspaceId()).addString(newHead.scope()).addString(newHead.author())
                    .addString(newHead.organization());
        } else {
            sql = MOVE_HEAD;
        }
        return tx.preparedQuery(sql).execute(params).map(rows -> {
            if (rows.iterator().next().getInteger(0) != events.size()) {
                throw new VersionConflictException(newHead.streamId(), expectedVersion);
            }
            events.forEach(e -> appended(e.type()).increment());
            return null;
        });
    }

    /**
     * After the head CTE: $4 expected version, $5 event ids, $6 types, $7 data and $8 metadata
     * (JSON text); answers the number of events inserted, which is 0 when the head did not move.
     */
    private static final String APPEND_EVENTS = ", events AS (INSERT INTO project_events"
            + " (event_id, stream_id, version, type, data, metadata)"
            + " SELECT e.id, head.stream_id, $4 + e.n::int, e.type, e.data::jsonb, $8::text::jsonb"
            + " FROM head, unnest($5::uuid[], $6::text[], $7::text[]) WITH ORDINALITY AS e(id, type, data, n)"
            + " ORDER BY e.n RETURNING 1)"
            + " SELECT (SELECT count(*) FROM events)::int, pg_notify('" + NOTIFY_CHANNEL + "', $1)";
    /** $1 stream, $2 new version, $3 deleted, $4 expected version: moves a head still at $4. */
    private static final String MOVE_HEAD = "WITH head AS (UPDATE project_streams"
            + " SET version = $2, deleted = $3, updated_at = now() WHERE stream_id = $1 AND version = $4"
            + " RETURNING stream_id)" + APPEND_EVENTS;
    /** A new head ($9 workspace, $10 scope, $11 author, $12 organization) unless the stream exists; $4 is 0. */
    private static final String CREATE_HEAD = "WITH head AS (INSERT INTO project_streams"
            + " (stream_id, version, workspace_id, scope, author, organization, deleted)"
            + " VALUES ($1, $2, $9, $10, $11, $12, $3) ON CONFLICT DO NOTHING RETURNING stream_id)" + APPEND_EVENTS;

    private final ConcurrentHashMap<String, Counter> appendedByType = new ConcurrentHashMap<>();

    private Counter appended(String type) {
        return appendedByType.computeIfAbsent(type, t -> metrics.counter("projects.events.appended", "type", t));
    }

    public Uni<StateSnapshot> latestSnapshot(SqlClient client, String streamId, int atMostVersion) {
        return client.preparedQuery("SELECT version, state::text FROM project_state_snapshots"
                + " WHERE stream_id = $1 AND version <= $2 ORDER BY version DESC LIMIT 1")
                .execute(Tuple.of(streamId, atMostVersion))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row r = rows.iterator().next();
                    return new StateSnapshot(r.getInteger(0), json.readObject(r.getString(1)));
                });
    }

    public Uni<Void> saveSnapshot(SqlClient client, String streamId, int version, ObjectNode state) {
        return client.preparedQuery("INSERT INTO project_state_snapshots (stream_id, version, state)"
                + " VALUES ($1, $2, $3::text::jsonb) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(streamId, version, json.write(state)))
                .replaceWithVoid();
    }

    /**
     * SQL for the first {@code limit} events after the relay's checkpoint, in its order. Written
     * as an ordered LIMIT inside a LATERAL so the planner walks the (tx_id, global_position) index
     * from the checkpoint: as a plain join or EXISTS it expects a third of the log to match and
     * scans all of it (30 ms at 100,000 events) to find, usually, nothing.
     */
    public static String unpublishedEvents(String limit) {
        return "SELECT 1 FROM relay_checkpoints c, LATERAL (SELECT 1 FROM project_events e"
                + " WHERE (e.tx_id, e.global_position) > (c.last_tx_id, c.last_position)"
                + " ORDER BY e.tx_id, e.global_position LIMIT " + limit + ") x WHERE c.name = 'events'";
    }

    /** A relay position: everything up to this (transaction, position) pair has been published. */
    public record RelayCheckpoint(String txId, long position) {
    }

    /** Locks a relay checkpoint row unless another replica holds it (then: null). */
    public Uni<RelayCheckpoint> lockRelayCheckpoint(SqlConnection tx, String name) {
        return tx.preparedQuery("SELECT last_tx_id::text, last_position FROM relay_checkpoints"
                + " WHERE name = $1 FOR UPDATE SKIP LOCKED").execute(Tuple.of(name))
                .map(rows -> rows.size() == 0 ? null
                        : new RelayCheckpoint(rows.iterator().next().getString(0), rows.iterator().next().getLong(1)));
    }

    /**
     * Events after the checkpoint in (tx_id, global_position) order, from transactions older than
     * the oldest still running: every such transaction has ended, so nothing can appear before
     * what is returned, and a late commit of a lower position is picked up, never skipped.
     */
    public Uni<Batch<Committed>> readCommittedAfter(SqlConnection tx, RelayCheckpoint after, int limit) {
        return tx.preparedQuery("SELECT event_id, stream_id, version, global_position, type, data::text,"
                + " metadata::text, recorded_at, tx_id::text FROM project_events"
                + " WHERE (tx_id, global_position) > ($1::text::xid8, $2)"
                + "   AND tx_id < pg_snapshot_xmin(pg_current_snapshot())"
                + " ORDER BY tx_id, global_position LIMIT $3")
                .execute(Tuple.of(after.txId(), after.position(), limit))
                .map(rows -> {
                    List<RecordedEvent> events = toEvents(rows);
                    List<Committed> committed = new ArrayList<>(events.size());
                    RelayCheckpoint last = after;
                    int i = 0;
                    for (Row r : rows) {
                        last = new RelayCheckpoint(r.getString(8), r.getLong(3));
                        committed.add(new Committed(events.get(i++), last));
                    }
                    return new Batch<>(committed, last);
                });
    }

    /** An event read for the relay, with its place in the relay's (tx_id, global_position) order. */
    public record Committed(RecordedEvent event, RelayCheckpoint order) {
    }

    /** Items read for the relay, and the checkpoint after the last of them. */
    public record Batch<T>(List<T> items, RelayCheckpoint end) {
    }

    public Uni<Void> moveRelayCheckpoint(SqlConnection tx, String name, RelayCheckpoint to) {
        return tx.preparedQuery("UPDATE relay_checkpoints SET last_tx_id = $1::text::xid8, last_position = $2,"
                + " updated_at = now() WHERE name = $3").execute(Tuple.of(to.txId(), to.position(), name))
                .replaceWithVoid();
    }

    /**
     * Records, per partition, the next offset after the records Kafka has acknowledged, in the
     * transaction that moves the checkpoint past them (marks only grow). {@code ListView.coversLog}
     * compares them with the projector's.
     */
    public Uni<Void> markPublished(SqlConnection tx, String topic, Map<Integer, Long> nextOffsets) {
        if (nextOffsets.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>(nextOffsets.size());
        nextOffsets.forEach((partition, offset) -> rows.add(Tuple.of(topic, partition, offset)));
        return tx.preparedQuery("INSERT INTO relay_partition_marks (topic, partition, next_offset) VALUES ($1, $2, $3)"
                + " ON CONFLICT (topic, partition) DO UPDATE SET next_offset = EXCLUDED.next_offset"
                + " WHERE relay_partition_marks.next_offset < EXCLUDED.next_offset")
                .executeBatch(rows).replaceWithVoid();
    }

    /** A folded state stored at a stream version. */
    public record StateSnapshot(int version, ObjectNode state) {
    }

    List<RecordedEvent> toEvents(RowSet<Row> rows) {
        List<RecordedEvent> events = new ArrayList<>(rows.size());
        for (Row r : rows) {
            events.add(new RecordedEvent(r.getUUID(0), r.getString(1), r.getInteger(2), r.getLong(3), r.getString(4),
                    json.readObject(r.getString(5)), json.readObject(r.getString(6)), r.getOffsetDateTime(7)));
        }
        return events;
    }

    private static StreamHead toHead(Row r) {
        return new StreamHead(r.getString(0), r.getInteger(1), r.getString(2), r.getString(3), r.getString(4),
                r.getString(5), r.getBoolean(6), r.getOffsetDateTime(7), r.getOffsetDateTime(8));
    }


}
