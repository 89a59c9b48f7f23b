import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * The peer of issue 17, in-process, one harness for both stores: Axon Framework 4.13's
 * {@link JdbcEventStorageEngine} (PostgreSQL schema, Jackson serializer) against this service's
 * event store, on the same PostgreSQL, at the same concurrency, with the same payloads.
 *
 * <p>This service's store is driven through JDBC with EventStore's own SQL, copied verbatim (the
 * {@code $n} parameters bound by number): per append one transaction of the stream lock with its
 * head read ({@code lock_stream_head}), then CREATE_HEAD for a stream's first event or MOVE_HEAD
 * after it, as a save sends them; a read is EventStore.read of the whole stream, each event's data
 * and metadata parsed back into JSON trees (as EventStore.toEvents does). Both stores write into
 * tables of their own created here: ours as {@code (LIKE project_streams / project_events INCLUDING
 * ALL)} with a copy of the V8 lock function, so the log's history and the service's relay play no
 * part. Axon appends through its own statements on a connection in auto-commit (its append is one
 * batch, atomic without a transaction manager) and reads an aggregate through
 * {@code readEvents}, every payload and metadata deserialized.
 *
 * <p>Phases, each store in turn: a warm-up of appends, appends for SECONDS (CONCURRENCY threads,
 * each with its own connection, appending one event at a time round-robin to 16 aggregates of its
 * own), then one aggregate of HISTORY events read back by CONCURRENCY threads for SECONDS. The
 * last line, {@code PEER_RESULT ...}, is for bench/run.sh.
 *
 * <pre>
 * usage: PeerBench JDBC_URL CONCURRENCY SECONDS HISTORY
 * </pre>
 */
public class PeerBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int AGGREGATES_PER_THREAD = 16;

    // EventStore's SQL (src/main/java/io/projectservice/eventstore/EventStore.java), verbatim
    private static final String HEAD_COLUMNS =
            "stream_id, version, workspace_id, scope, author, organization, deleted, created_at, updated_at,"
            + " incarnation, incarnation_start";
    private static final String LOCK_HEAD = "SELECT " + HEAD_COLUMNS + " FROM lock_stream_head($1)";
    private static final String READ = "SELECT event_id, stream_id, version, global_position, type, (data)::text,"
            + " metadata::text, recorded_at FROM project_events"
            + " WHERE stream_id = $1 AND version > $2 AND version <= $3 ORDER BY version";
    private static final String SIZED_EVENTS = "WITH e AS MATERIALIZED (SELECT u.id, u.type, u.data, u.n,"
            + " octet_length(u.data::text) AS bytes FROM (SELECT id, type, data::jsonb AS data, n"
            + "  FROM unnest($5::uuid[], $6::text[], $7::text[]) WITH ORDINALITY AS x(id, type, data, n)) u),"
            + " largest AS (SELECT bytes, n FROM e ORDER BY bytes DESC, n LIMIT 1), ";
    private static final String APPEND_EVENTS = ", events AS (INSERT INTO project_events"
            + " (event_id, stream_id, version, type, data, metadata, data_bytes)"
            + " SELECT e.id, head.stream_id, $4 + e.n::int, e.type, e.data, $8::text::jsonb, e.bytes"
            + " FROM head, e ORDER BY e.n RETURNING version, global_position, recorded_at)"
            + " SELECT (SELECT count(*) FROM events)::int, largest.bytes, largest.n::int, pg_notify('"
            + "project_events" + "', $1),"
            + " (SELECT array_agg(global_position ORDER BY version) FROM events),"
            + " (SELECT min(recorded_at) FROM events) FROM largest";
    private static final String MOVE_HEAD = SIZED_EVENTS + "head AS (UPDATE project_streams"
            + " SET version = $2, deleted = $3, stored_bytes = stored_bytes + $9, updated_at = now()"
            + " WHERE stream_id = $1 AND version = $4 AND (SELECT bytes FROM largest) <= $10"
            + " RETURNING stream_id)" + APPEND_EVENTS;
    private static final String CREATE_HEAD = SIZED_EVENTS + "head AS (INSERT INTO project_streams"
            + " (stream_id, version, workspace_id, scope, author, organization, deleted, stored_bytes)"
            + " SELECT $1, $2, $11, $12, $13, $14, $3, $9 WHERE (SELECT bytes FROM largest) <= $10"
            + " ON CONFLICT DO NOTHING RETURNING stream_id)" + APPEND_EVENTS;
    private static final int MAX_EVENT_BYTES = 15_728_640;

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int concurrency = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int history = Integer.parseInt(args[3]);
        String run = Long.toString(System.currentTimeMillis(), 36);
        try (Connection admin = DriverManager.getConnection(url); Statement st = admin.createStatement()) {
            st.execute("DROP TABLE IF EXISTS peer_project_events, peer_project_streams, domainevententry,"
                    + " snapshotevententry CASCADE");
            st.execute("CREATE TABLE peer_project_streams (LIKE project_streams INCLUDING ALL)");
            st.execute("CREATE TABLE peer_project_events (LIKE project_events INCLUDING ALL)");
            // V8__lock_stream_head.sql on the peer's tables
            st.execute("""
                    CREATE OR REPLACE FUNCTION peer_lock_stream_head(p_stream_id TEXT) RETURNS SETOF peer_project_streams
                        LANGUAGE plpgsql VOLATILE AS $$
                    BEGIN
                        PERFORM pg_advisory_xact_lock(hashtextextended(p_stream_id, 0));
                        RETURN QUERY SELECT * FROM peer_project_streams WHERE stream_id = p_stream_id;
                    END
                    $$""");
        }
        ThreadConnections axonConnections = new ThreadConnections(url, true);
        JdbcEventStorageEngine axon = JdbcEventStorageEngine.builder().connectionProvider(axonConnections)
                .transactionManager(NoTransactionManager.INSTANCE)
                .eventSerializer(JacksonSerializer.defaultSerializer())
                .snapshotSerializer(JacksonSerializer.defaultSerializer()).build();
        axon.createSchema(PostgresEventTableFactory.INSTANCE);
        ThreadConnections ourConnections = new ThreadConnections(url, false);

        Store ours = new Store() {
            final Sql lock = Sql.of(peer(LOCK_HEAD));
            final Sql create = Sql.of(peer(CREATE_HEAD));
            final Sql move = Sql.of(peer(MOVE_HEAD));
            final Sql read = Sql.of(peer(READ));

            @Override
            public void append(String aggregate, long sequence, ObjectNode payload, ObjectNode metadata)
                    throws Exception {
                Connection c = ourConnections.getConnection();
                try {
                    int expected = (int) sequence;
                    try (PreparedStatement ps = lock.prepare(c, Map.of(1, aggregate)); ResultSet rs = ps.executeQuery()) {
                        int head = rs.next() ? rs.getInt(2) : 0;
                        if (head != expected) {
                            throw new IllegalStateException(aggregate + " is at " + head + ", not " + expected);
                        }
                    }
                    String data = JSON.writeValueAsString(payload);
                    String meta = JSON.writeValueAsString(metadata.deepCopy().put("incarnation", 1)
                            .put("incarnation_start", 1));
                    long bytes = utf8(data) + utf8(meta);
                    Map<Integer, Object> p = new java.util.HashMap<>(Map.of(1, aggregate, 2, expected + 1, 3, false,
                            4, expected, 5, c.createArrayOf("uuid", new UUID[] {UUID.randomUUID()}),
                            6, c.createArrayOf("text", new String[] {"ProjectUpdated"}),
                            7, c.createArrayOf("text", new String[] {data}), 8, meta, 9, bytes, 10, MAX_EVENT_BYTES));
                    Sql sql = move;
                    if (expected == 0) {
                        sql = create;
                        p.putAll(Map.of(11, "bench-peer", 12, "user", 13, "bench", 14, "bench"));
                    }
                    try (PreparedStatement ps = sql.prepare(c, p); ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getInt(1) != 1) {
                            throw new IllegalStateException("conflict on " + aggregate);
                        }
                    }
                    c.commit();
                } catch (Exception e) {
                    c.rollback();
                    throw e;
                }
            }

            @Override
            public int read(String aggregate) throws Exception {
                Connection c = ourConnections.getConnection();
                int n = 0;
                try (PreparedStatement ps = read.prepare(c, Map.of(1, aggregate, 2, 0, 3, Integer.MAX_VALUE));
                        ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rs.getObject(1, UUID.class);
                        rs.getLong(4);
                        JSON.readTree(rs.getString(6));
                        JSON.readTree(rs.getString(7));
                        rs.getObject(8, java.time.OffsetDateTime.class);
                        n++;
                    }
                }
                c.commit();
                return n;
            }
        };
        Store axonStore = new Store() {
            @Override
            public void append(String aggregate, long sequence, ObjectNode payload, ObjectNode metadata) {
                axon.appendEvents(new GenericDomainEventMessage<>("Project", aggregate, sequence, payload,
                        JSON.convertValue(metadata, Map.class)));
            }

            @Override
            public int read(String aggregate) {
                DomainEventStream events = axon.readEvents(aggregate);
                int n = 0;
                while (events.hasNext()) {
                    var e = events.next();
                    e.getPayload();
                    e.getMetaData();
                    n++;
                }
                return n;
            }
        };

        int warmup = Math.max(2, seconds / 4);
        Result oursWarm = appends(ours, "w-ours-" + run, concurrency, warmup);
        Result axonWarm = appends(axonStore, "w-axon-" + run, concurrency, warmup);
        System.out.printf("warm-up appends: ours %.0f/s, axon %.0f/s%n", oursWarm.rate, axonWarm.rate);
        Result oursAppend = appends(ours, "ours-" + run, concurrency, seconds);
        print("ours append", oursAppend);
        Result axonAppend = appends(axonStore, "axon-" + run, concurrency, seconds);
        print("axon append", axonAppend);

        seed(ours, "h-ours-" + run, history);
        seed(axonStore, "h-axon-" + run, history);
        reads(ours, "h-ours-" + run, history, concurrency, warmup);
        reads(axonStore, "h-axon-" + run, history, concurrency, warmup);
        Result oursRead = reads(ours, "h-ours-" + run, history, concurrency, seconds);
        print("ours read", oursRead);
        Result axonRead = reads(axonStore, "h-axon-" + run, history, concurrency, seconds);
        print("axon read", axonRead);

        StringBuilder line = new StringBuilder("PEER_RESULT concurrency=" + concurrency + " history=" + history);
        line.append(fields("ours_append", oursAppend)).append(fields("axon_append", axonAppend))
                .append(fields("ours_read", oursRead)).append(fields("axon_read", axonRead));
        line.append(String.format(" append_ratio=%.2f read_p50_ratio=%.2f read_p99_ratio=%.2f",
                oursAppend.rate / axonAppend.rate, oursRead.p50() / axonRead.p50(), oursRead.p99() / axonRead.p99()));
        System.out.println(line);
        System.exit(0);
    }

    interface Store {
        void append(String aggregate, long sequence, ObjectNode payload, ObjectNode metadata) throws Exception;

        int read(String aggregate) throws Exception;
    }

    record Result(long operations, double rate, Histogram latency) {
        double p50() {
            return latency.getValueAtPercentile(50) / 1e3;
        }

        double p99() {
            return latency.getValueAtPercentile(99) / 1e3;
        }
    }

    /** An updated project as a save writes it: the same payload and metadata for both stores. */
    static ObjectNode payload(String aggregate, long sequence) {
        ObjectNode p = JSON.createObjectNode();
        p.put("id", aggregate);
        p.putObject("changes").put("description", "revision " + (sequence + 1)
                + " of the benchmark project, a description of ordinary length");
        return p;
    }

    static ObjectNode metadata() {
        return JSON.createObjectNode().put("actor", "bench").put("scope", "user")
                .put("request_id", UUID.randomUUID().toString()).put("workspace_id", "bench-peer")
                .put("organization", "bench");
    }

    static Result appends(Store store, String prefix, int concurrency, int seconds) throws Exception {
        return run(concurrency, seconds, (worker, histogram, deadline) -> {
            long[] next = new long[AGGREGATES_PER_THREAD];
            long ops = 0;
            for (int i = 0; System.nanoTime() < deadline; i = (i + 1) % AGGREGATES_PER_THREAD) {
                String aggregate = prefix + "-" + worker + "-" + i;
                long t0 = System.nanoTime();
                store.append(aggregate, next[i], payload(aggregate, next[i]), metadata());
                histogram.recordValue(Math.max(1, (System.nanoTime() - t0) / 1_000));
                next[i]++;
                ops++;
            }
            return ops;
        });
    }

    static void seed(Store store, String aggregate, int events) throws Exception {
        run(1, 0, (worker, histogram, deadline) -> {
            for (long s = 0; s < events; s++) {
                store.append(aggregate, s, payload(aggregate, s), metadata());
            }
            return events;
        });
    }

    static Result reads(Store store, String aggregate, int events, int concurrency, int seconds) throws Exception {
        return run(concurrency, seconds, (worker, histogram, deadline) -> {
            long ops = 0;
            while (System.nanoTime() < deadline) {
                long t0 = System.nanoTime();
                int n = store.read(aggregate);
                histogram.recordValue(Math.max(1, (System.nanoTime() - t0) / 1_000));
                if (n != events) {
                    throw new IllegalStateException(aggregate + ": read " + n + " events, not " + events);
                }
                ops++;
            }
            return ops;
        });
    }

    interface Work {
        long run(int worker, Histogram histogram, long deadline) throws Exception;
    }

    /** CONCURRENCY threads doing WORK until SECONDS have passed: operations, rate, latencies (us). */
    static Result run(int concurrency, int seconds, Work work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<Long>> futures = new ArrayList<>();
        List<Histogram> histograms = new ArrayList<>();
        long start = System.nanoTime();
        long deadline = start + seconds * 1_000_000_000L;
        for (int w = 0; w < concurrency; w++) {
            int worker = w;
            Histogram h = new Histogram(60_000_000L, 3);
            histograms.add(h);
            futures.add(pool.submit(() -> work.run(worker, h, deadline)));
        }
        long ops = 0;
        for (Future<Long> f : futures) {
            ops += f.get();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        Histogram all = new Histogram(60_000_000L, 3);
        histograms.forEach(all::add);
        return new Result(ops, ops / elapsed, all);
    }

    static void print(String what, Result r) {
        System.out.printf("%-12s %8d ops  %9.1f/s  p50 %7.3f ms  p99 %7.3f ms  max %7.3f ms%n", what, r.operations,
                r.rate, r.p50(), r.p99(), r.latency.getMaxValue() / 1e3);
    }

    static String fields(String name, Result r) {
        return String.format(" %s_rate=%.1f %s_p50_ms=%.3f %s_p99_ms=%.3f %s_max_ms=%.3f", name, r.rate, name, r.p50(),
                name, r.p99(), name, r.latency.getMaxValue() / 1e3);
    }

    static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** EventStore's SQL on the peer's tables and lock function (its NOTIFY channel becomes one nobody hears). */
    static String peer(String sql) {
        return sql.replace("lock_stream_head(", "peer_lock_stream_head(").replace("project_streams",
                "peer_project_streams").replace("project_events", "peer_project_events");
    }

    /** A statement with {@code $n} parameters (as the reactive client takes them) run through JDBC's {@code ?}. */
    record Sql(String jdbc, int[] order) {
        private static final Pattern PARAM = Pattern.compile("\\$(\\d+)");

        static Sql of(String sql) {
            Matcher m = PARAM.matcher(sql);
            List<Integer> order = new ArrayList<>();
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                order.add(Integer.parseInt(m.group(1)));
                m.appendReplacement(out, "?");
            }
            m.appendTail(out);
            return new Sql(out.toString(), order.stream().mapToInt(Integer::intValue).toArray());
        }

        PreparedStatement prepare(Connection c, Map<Integer, Object> params) throws SQLException {
            PreparedStatement ps = c.prepareStatement(jdbc);
            for (int i = 0; i < order.length; i++) {
                ps.setObject(i + 1, params.get(order[i]));
            }
            return ps;
        }
    }

    /**
     * One connection per thread, kept open: a pool of exactly CONCURRENCY connections for either
     * store. Axon closes the connection after each operation, which here only hands it back.
     */
    static final class ThreadConnections implements ConnectionProvider {
        private final String url;
        private final boolean autoCommit;
        private final ThreadLocal<Connection> connections = new ThreadLocal<>();

        ThreadConnections(String url, boolean autoCommit) {
            this.url = url;
            this.autoCommit = autoCommit;
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection c = connections.get();
            if (c == null) {
                Connection real = DriverManager.getConnection(url);
                real.setAutoCommit(autoCommit);
                c = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                        new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                            if (method.getName().equals("close")) {
                                return null;
                            }
                            try {
                                return method.invoke(real, args);
                            } catch (java.lang.reflect.InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
                connections.set(c);
            }
            return c;
        }
    }
}
