package io.projectservice.eventstore;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.projectservice.config.JsonCodec;
import io.projectservice.config.ServiceConfig;
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

    private static final String HEAD_COLUMNS = """
            stream_id, version, workspace_id, scope, author, organization, deleted, created_at, updated_at,
            incarnation, incarnation_start""";

    private final JsonCodec json;
    private final MeterRegistry metrics;
    private final int maxEventBytes;

    public EventStore(JsonCodec json, MeterRegistry metrics, ServiceConfig config) {
        this.json = json;
        this.metrics = metrics;
        this.maxEventBytes = config.pipeline().maxEventBytes();
    }

    /** The largest event the log accepts, in bytes of its data as stored. */
    public int maxEventBytes() {
        return maxEventBytes;
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
        return tx.preparedQuery("""
                SELECT count(pg_advisory_xact_lock(k)) FROM (SELECT hashtextextended(id, 0) AS k
                FROM unnest($1::text[]) AS id ORDER BY 1) AS keys""")
                .execute(Tuple.of(streamIds.toArray(String[]::new))).replaceWithVoid();
    }

    /**
     * Heads of the live streams in one workspace and scope that belong to a caller (in user scope
     * the caller's own, author and organization; in organization scope the organization's), by
     * stream id, from after {@code afterStreamId} (null: from the first).
     */
    public Uni<List<StreamHead>> liveHeadsAfter(SqlClient client, String workspaceId, String scope, String author,
            String organization, String afterStreamId, int limit) {
        return client.preparedQuery("""
                SELECT %s FROM project_streams WHERE %s
                AND ($6::text IS NULL OR stream_id > $6) ORDER BY stream_id LIMIT $5"""
                .formatted(HEAD_COLUMNS, liveOf(scope)))
                .execute(Tuple.of(workspaceId, scope, author, organization, limit, afterStreamId))
                .map(rows -> {
                    List<StreamHead> heads = new ArrayList<>(rows.size());
                    rows.forEach(r -> heads.add(toHead(r)));
                    return heads;
                });
    }

    /** How many streams {@link #liveHeadsAfter} would answer from the first, without a limit. */
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
        return read(client, streamId, afterVersion, toVersion, "data");
    }

    /**
     * {@link #read(SqlClient, String, int, int)} with each event's data reduced by {@code data}, an
     * SQL expression over the row's {@code data} (a reader that needs only part of large events).
     */
    public Uni<List<RecordedEvent>> read(SqlClient client, String streamId, int afterVersion, int toVersion,
            String data) {
        return client.preparedQuery("""
                SELECT event_id, stream_id, version, global_position, type, (%s)::text,
                metadata::text, recorded_at FROM project_events
                WHERE stream_id = $1 AND version > $2 AND version <= $3 ORDER BY version""".formatted(data))
                .execute(Tuple.of(streamId, afterVersion, toVersion))
                .map(this::toEvents);
    }

    /**
     * {@link #read}, stopped once the events' data adds up to {@code maxBytes} of JSON text (the
     * event that crosses it included, so a page is never empty). Sizes are summed first as stored
     * (compressed, cheap: no value is read), then exactly for the events that can still fit, so
     * the database decompresses no more than a page's worth of stored bytes.
     */
    public Uni<List<RecordedEvent>> readPage(SqlClient client, String streamId, int afterVersion, int toVersion,
            long maxBytes) {
        return client.preparedQuery("""
                SELECT event_id, stream_id, version, global_position, type, data::text,
                metadata::text, recorded_at FROM (
                  SELECT c.*, sum(octet_length(c.data::text)) OVER (ORDER BY c.version) AS upto,
                   octet_length(c.data::text) AS own FROM (
                   SELECT s.* FROM (SELECT e.*, sum(pg_column_size(e.data)) OVER (ORDER BY e.version) AS stored_upto,
                     pg_column_size(e.data) AS stored_own FROM project_events e
                     WHERE e.stream_id = $1 AND e.version > $2 AND e.version <= $3) s
                   WHERE s.stored_upto - s.stored_own < $4) c) x
                WHERE x.upto - x.own < $4 ORDER BY version""")
                .execute(Tuple.of(streamId, afterVersion, toVersion, maxBytes))
                .map(this::toEvents);
    }

    /**
     * The highest version from {@code fromVersion} on recorded at or before {@code at}; null when
     * there is none (the stream, or its incarnation beginning at {@code fromVersion}, did not exist yet).
     */
    public Uni<Integer> versionAt(SqlClient client, String streamId, int fromVersion, OffsetDateTime at) {
        return client.preparedQuery("""
                SELECT max(version) FROM project_events WHERE stream_id = $1 AND version >= $2
                AND recorded_at <= $3""")
                .execute(Tuple.of(streamId, fromVersion, at))
                .map(rows -> rows.iterator().next().getInteger(0));
    }

    /**
     * Appends events after {@code expectedVersion} (0 creates the stream) and moves the head to
     * {@code newHead}. Fails with {@link VersionConflictException} when the stream has moved on
     * or (for a creation) already exists, and with {@link EventTooLargeException} when an event's
     * data, as stored, is larger than the pipeline carries (then nothing is written).
     *
     * <p>One statement: the sizes, the head move (only when every event fits; with its stored
     * bytes), the events (inserted only for a head that moved, in version order so positions grow
     * with versions, each with its size) and the NOTIFY for the relay (delivered only if the
     * transaction commits; on a conflict or a refusal the caller rolls back). The size is measured
     * on the stored form ({@code jsonb} as text, what the relay sends), which can be larger than the
     * JSON the client sent: numbers are written out in full, and separators get a space. A head that
     * begins a new incarnation (a deleted stream's id used again) moves only from a deleted head.
     * Every event's metadata records the incarnation it belongs to and where that began.
     */
    public Uni<List<RecordedEvent>> append(SqlConnection tx, StreamHead newHead, int expectedVersion,
            List<NewEvent> events, ObjectNode metadata) {
        return append(tx, newHead, expectedVersion, prepare(newHead, events, metadata));
    }

    /**
     * Events serialized for {@link #append}, with the bytes they add to the log: their JSON data
     * and metadata as sent (UTF-8), which the append adds to the stream's {@code stored_bytes}.
     */
    public record Prepared(List<NewEvent> events, UUID[] ids, String[] types, String[] data, String metadata,
            long bytes) {
        public boolean isEmpty() {
            return events.isEmpty();
        }
    }

    /** {@code events} with their metadata, which records the incarnation of {@code newHead} they belong to. */
    public Prepared prepare(StreamHead newHead, List<NewEvent> events, ObjectNode metadata) {
        UUID[] ids = new UUID[events.size()];
        String[] types = new String[events.size()];
        String[] data = new String[events.size()];
        String meta = json.write(metadata.deepCopy().put("incarnation", newHead.incarnation())
                .put("incarnation_start", newHead.incarnationStart()));
        long bytes = (long) JsonCodec.utf8Length(meta) * events.size();
        for (int i = 0; i < events.size(); i++) {
            ids[i] = UUID.randomUUID();
            types[i] = events.get(i).type();
            data[i] = json.write(events.get(i).data());
            bytes += JsonCodec.utf8Length(data[i]);
        }
        return new Prepared(events, ids, types, data, meta, bytes);
    }

    /**
     * Appends events after {@code expectedVersion} (0 creates the stream) and moves the head to
     * {@code newHead}. Fails with {@link VersionConflictException} when the stream has moved on
     * or (for a creation) already exists.
     *
     * <p>One statement: the head move (with its stored bytes), the events (inserted only for a head
     * that moved, in version order so positions grow with versions) and the NOTIFY for the relay
     * (delivered only if the transaction commits; on a conflict the caller rolls back). Answers the
     * events as recorded (positions and time from the database), so nobody reads them back.
     */
    public Uni<List<RecordedEvent>> append(SqlConnection tx, StreamHead newHead, int expectedVersion,
            Prepared events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        int count = events.events().size();
        int newVersion = expectedVersion + count;
        Tuple params = Tuple.tuple().addString(newHead.streamId()).addInteger(newVersion)
                .addBoolean(newHead.deleted()).addInteger(expectedVersion).addArrayOfUUID(events.ids())
                .addArrayOfString(events.types()).addArrayOfString(events.data()).addString(events.metadata())
                .addLong(events.bytes()).addInteger(maxEventBytes);
        String sql;
        if (expectedVersion == 0) {
            sql = CREATE_HEAD;
            params.addString(newHead.workspaceId()).addString(newHead.scope()).addString(newHead.author())
                    .addString(newHead.organization());
        } else if (newHead.beginsIncarnationAfter(expectedVersion)) {
            sql = REINCARNATE_HEAD;
            params.addString(newHead.author());
        } else {
            sql = MOVE_HEAD;
        }
        return tx.preparedQuery(sql).execute(params).map(rows -> {
            Row row = rows.iterator().next();
            int largest = row.getInteger(1);
            if (largest > maxEventBytes) {
                int i = row.getInteger(2) - 1;
                throw new EventTooLargeException(newHead.streamId(), events.types()[i], largest, maxEventBytes);
            }
            if (row.getInteger(0) != count) {
                throw new VersionConflictException(newHead.streamId(), expectedVersion);
            }
            events.events().forEach(e -> appended(e.type()).increment());
            return recorded(newHead.streamId(), expectedVersion, events, row.getArrayOfLongs(4),
                    row.getOffsetDateTime(5));
        });
    }


    /**
     * The events to append with their stored sizes ($5 ids, $6 types, $7 data as JSON text), and
     * the largest of them; $10 is the largest size allowed. A MATERIALIZED CTE, so each event is
     * converted to jsonb and measured once.
     */
    private static final String SIZED_EVENTS = """
            WITH e AS MATERIALIZED (SELECT u.id, u.type, u.data, u.n,
            octet_length(u.data::text) AS bytes FROM (SELECT id, type, data::jsonb AS data, n
              FROM unnest($5::uuid[], $6::text[], $7::text[]) WITH ORDINALITY AS x(id, type, data, n)) u),
            largest AS (SELECT bytes, n FROM e ORDER BY bytes DESC, n LIMIT 1),
            """;
    /**
     * After the head CTE: $4 expected version, $8 metadata (JSON text); answers the number of
     * events inserted (0 when the head did not move), the largest event's size and its place, and
     * the inserted events' positions and time.
     */
    private static final String APPEND_EVENTS = """
            , events AS (INSERT INTO project_events
            (event_id, stream_id, version, type, data, metadata, data_bytes)
            SELECT e.id, head.stream_id, $4 + e.n::int, e.type, e.data, $8::text::jsonb, e.bytes
            FROM head, e ORDER BY e.n RETURNING version, global_position, recorded_at)
            SELECT (SELECT count(*) FROM events)::int, largest.bytes, largest.n::int, pg_notify('%s', $1),
            (SELECT array_agg(global_position ORDER BY version) FROM events),
            (SELECT min(recorded_at) FROM events) FROM largest""".formatted(NOTIFY_CHANNEL);
    /**
     * $1 stream, $2 new version, $3 deleted, $4 expected version, $9 bytes, $10 largest event
     * allowed: moves a head still at $4.
     */
    private static final String MOVE_HEAD = """
            %shead AS (UPDATE project_streams
            SET version = $2, deleted = $3, stored_bytes = stored_bytes + $9, updated_at = now()
            WHERE stream_id = $1 AND version = $4 AND (SELECT bytes FROM largest) <= $10
            RETURNING stream_id)
            %s""".formatted(SIZED_EVENTS, APPEND_EVENTS);
    /**
     * A deleted head still at $4 starts its next incarnation at $4 + 1, for author $11 (workspace and
     * scope stay: only a caller who could save there may use the id again).
     */
    private static final String REINCARNATE_HEAD = """
            %shead AS (UPDATE project_streams
            SET version = $2, deleted = $3, author = $11, incarnation = incarnation + 1, incarnation_start = $4 + 1,
            stored_bytes = stored_bytes + $9, created_at = now(), updated_at = now()
            WHERE stream_id = $1 AND version = $4 AND deleted AND (SELECT bytes FROM largest) <= $10
            RETURNING stream_id)
            %s""".formatted(SIZED_EVENTS, APPEND_EVENTS);
    /** A new head ($11 workspace, $12 scope, $13 author, $14 organization) unless the stream exists; $4 is 0. */
    private static final String CREATE_HEAD = """
            %shead AS (INSERT INTO project_streams
            (stream_id, version, workspace_id, scope, author, organization, deleted, stored_bytes)
            SELECT $1, $2, $11, $12, $13, $14, $3, $9 WHERE (SELECT bytes FROM largest) <= $10
            ON CONFLICT DO NOTHING RETURNING stream_id)
            %s""".formatted(SIZED_EVENTS, APPEND_EVENTS);

    private final ConcurrentHashMap<String, Counter> appendedByType = new ConcurrentHashMap<>();

    private Counter appended(String type) {
        return appendedByType.computeIfAbsent(type, t -> metrics.counter("projects.events.appended", "type", t));
    }

    public Uni<CachedState> latestStateCache(SqlClient client, String streamId, int atMostVersion) {
        return latestStateCache(client, streamId, atMostVersion, "state");
    }

    /** {@link #latestStateCache(SqlClient, String, int)} with the state reduced by {@code state}, an SQL expression. */
    public Uni<CachedState> latestStateCache(SqlClient client, String streamId, int atMostVersion, String state) {
        return client.preparedQuery("""
                SELECT version, (%s)::text FROM project_state_snapshots
                WHERE stream_id = $1 AND version <= $2 ORDER BY version DESC LIMIT 1""".formatted(state))
                .execute(Tuple.of(streamId, atMostVersion))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row r = rows.iterator().next();
                    return new CachedState(r.getInteger(0), json.readObject(r.getString(1)));
                });
    }

    public Uni<Void> saveStateCache(SqlClient client, String streamId, int version, ObjectNode state) {
        return client.preparedQuery("""
                INSERT INTO project_state_snapshots (stream_id, version, state)
                VALUES ($1, $2, $3::text::jsonb) ON CONFLICT DO NOTHING""")
                .execute(Tuple.of(streamId, version, json.write(state)))
                .replaceWithVoid();
    }

    /** A folded state cached at a stream version (table project_state_snapshots), so a fold starts there. */
    public record CachedState(int version, ObjectNode state) {
    }

    List<RecordedEvent> toEvents(RowSet<Row> rows) {
        List<RecordedEvent> events = new ArrayList<>(rows.size());
        for (Row r : rows) {
            events.add(new RecordedEvent(r.getUUID(0), r.getString(1), r.getInteger(2), r.getLong(3), r.getString(4),
                    json.readObject(r.getString(5)), json.readObject(r.getString(6)), r.getOffsetDateTime(7)));
        }
        return events;
    }

    private List<RecordedEvent> recorded(String streamId, int expectedVersion, Prepared events, Long[] positions,
            OffsetDateTime recordedAt) {
        ObjectNode metadata = json.readObject(events.metadata());
        List<RecordedEvent> recorded = new ArrayList<>(positions.length);
        for (int i = 0; i < positions.length; i++) {
            recorded.add(new RecordedEvent(events.ids()[i], streamId, expectedVersion + i + 1, positions[i],
                    events.types()[i], events.events().get(i).data().deepCopy(), metadata.deepCopy(), recordedAt));
        }
        return recorded;
    }

    private static StreamHead toHead(Row r) {
        return new StreamHead(r.getString(0), r.getInteger(1), r.getString(2), r.getString(3), r.getString(4),
                r.getString(5), r.getBoolean(6), r.getOffsetDateTime(7), r.getOffsetDateTime(8), r.getInteger(9),
                r.getInteger(10));
    }


}
