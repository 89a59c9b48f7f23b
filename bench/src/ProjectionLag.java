import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Saves at a steady rate (open loop: a save is sent on schedule whether or not earlier ones have
 * answered) and reports the projection lag the service measured (append to applied in the list
 * read model) and the relay lag (append to Kafka ack), as p50/p99 from the service's Prometheus
 * histograms taken before and after the run, plus the save latency seen by the client.
 *
 * <p>With {@code BENCH_JDBC_URL} set and the PostgreSQL JDBC driver on the class path (bench/run.sh
 * does both), a probe also measures the lag from outside: from the moment a save's response
 * arrived (its transaction has committed by then) until its project is in
 * {@code project_list_view}, watched through the projector's NOTIFY on commit. The service's
 * histograms give the upper bound of a bucket; the probe gives exact values.
 *
 * <p>The last line, {@code LAG_RESULT ...}, is for bench/run.sh.
 *
 * usage: java bench/src/ProjectionLag.java BASE_URL TOKEN [RATE_PER_S=200] [SECONDS=30]
 */
public class ProjectionLag {
    public static void main(String[] args) throws Exception {
        String base = args[0];
        // one token, or several (comma-separated) used in turn: each caller has its own rate limit
        String[] tokens = args[1].split(",");
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(8)).build();

        warmUp(http, base, tokens, Math.min(rate, 50) * 5);
        Probe probe = Probe.start(System.getenv("BENCH_JDBC_URL"));
        Map<String, TreeMap<Double, Double>> before = histograms(http, base);
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<?>> inflight = Collections.synchronizedList(new ArrayList<>());
        var scheduler = Executors.newSingleThreadScheduledExecutor();
        long total = (long) rate * seconds;
        long periodNanos = 1_000_000_000L / rate;
        long[] sent = {0};
        long[] failed = {0};
        var done = new CompletableFuture<Void>();
        scheduler.scheduleAtFixedRate(() -> {
            if (sent[0] >= total) {
                done.complete(null);
                return;
            }
            long n = sent[0]++;
            String body = "{\"project\":{\"name\":\"lag bench " + n + "\"}}";
            HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/v1/projects/bench-lag/save"))
                    .header("Authorization", "Bearer " + tokens[(int) (n % tokens.length)]).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
            long t0 = System.nanoTime();
            inflight.add(http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                long answered = System.nanoTime();
                if (e != null || r.statusCode() != 200) {
                    synchronized (failed) {
                        failed[0]++;
                    }
                } else {
                    latencies.add(answered - t0);
                    if (probe != null) {
                        Matcher m = PROJECT_ID.matcher(r.body());
                        if (m.find()) {
                            probe.committed(m.group(1), answered);
                        }
                    }
                }
            }));
        }, 0, periodNanos, TimeUnit.NANOSECONDS);
        long start = System.nanoTime();
        done.get();
        scheduler.shutdownNow();
        CompletableFuture.allOf(inflight.toArray(CompletableFuture[]::new)).exceptionally(e -> null).get();
        double elapsed = (System.nanoTime() - start) / 1e9;
        // let the last saves reach the view before reading the histograms
        Thread.sleep(2_000);
        Map<String, TreeMap<Double, Double>> after = histograms(http, base);
        List<Long> seen = probe == null ? List.of() : probe.finish(10_000);

        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        StringBuilder result = new StringBuilder("LAG_RESULT");
        System.out.printf("saves: %d sent at %d/s target, %.1f/s achieved, %d failed%n", total, rate,
                total / elapsed, failed[0]);
        result.append(String.format(" sent=%d rate=%.1f failed=%d", total, total / elapsed, failed[0]));
        System.out.printf("save latency (client):            p50 %7.2f ms   p99 %7.2f ms%n",
                pct(sorted, 0.50) / 1e6, pct(sorted, 0.99) / 1e6);
        result.append(String.format(" save_p50_ms=%.2f save_p99_ms=%.2f", pct(sorted, 0.50) / 1e6,
                pct(sorted, 0.99) / 1e6));
        for (String metric : List.of("projects_relay_lag_seconds", "projects_projection_lag_seconds")) {
            TreeMap<Double, Double> delta = delta(before.get(metric), after.get(metric));
            String name = metric.replace("projects_", "").replace("_seconds", "");
            System.out.printf("%-34s p50 %7.2f ms   p99 %7.2f ms   (%d events)%n", name + " (service):",
                    quantile(delta, 0.50) * 1e3, quantile(delta, 0.99) * 1e3,
                    (long) (delta.isEmpty() ? 0 : delta.lastEntry().getValue()));
            result.append(String.format(" %s_p50_ms=%.2f %s_p99_ms=%.2f", name, quantile(delta, 0.50) * 1e3, name,
                    quantile(delta, 0.99) * 1e3));
        }
        if (probe != null) {
            List<Long> lags = new ArrayList<>(seen);
            Collections.sort(lags);
            System.out.printf("commit to visible (probe):         p50 %7.2f ms   p99 %7.2f ms   p99.9 %7.2f ms"
                    + "   max %7.2f ms   (%d seen, %d not seen)%n", pct(lags, 0.50) / 1e6, pct(lags, 0.99) / 1e6,
                    pct(lags, 0.999) / 1e6, pct(lags, 1.0) / 1e6, lags.size(), probe.missing());
            result.append(String.format(" probe_p50_ms=%.2f probe_p99_ms=%.2f probe_p999_ms=%.2f probe_max_ms=%.2f"
                    + " probe_seen=%d probe_missing=%d", pct(lags, 0.50) / 1e6, pct(lags, 0.99) / 1e6,
                    pct(lags, 0.999) / 1e6, pct(lags, 1.0) / 1e6, lags.size(), probe.missing()));
        }
        System.out.println(result);
        System.exit(0);
    }

    /** A few hundred sequential saves first, so the JIT has compiled the paths being measured. */
    private static void warmUp(HttpClient http, String base, String[] tokens, int saves) throws Exception {
        for (int i = 0; i < saves; i++) {
            http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/projects/bench-warmup/save"))
                    .header("Authorization", "Bearer " + tokens[i % tokens.length]).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"project\":{\"name\":\"warm-up\"}}")).build(),
                    HttpResponse.BodyHandlers.discarding());
        }
    }

    private static final Pattern PROJECT_ID = Pattern.compile("\"project_id\"\\s*:\\s*\"([^\"]+)\"");

    /**
     * Watches {@code project_list_view} for the projects whose saves have answered: it LISTENs on
     * the channel the projector notifies after each commit, and on each notification (or every
     * 10 ms) looks up the projects still pending. Uses the driver through JDBC and reflection
     * only, so this file still compiles on its own without it.
     */
    static final class Probe {
        private final Map<String, Long> pending = new ConcurrentHashMap<>();
        private final ConcurrentLinkedQueue<Long> lags = new ConcurrentLinkedQueue<>();
        private final Connection conn;
        private final Method getNotifications;
        private final Thread thread;
        private volatile long stopAt = Long.MAX_VALUE;

        private Probe(Connection conn) throws Exception {
            this.conn = conn;
            Class<?> pg = Class.forName("org.postgresql.PGConnection");
            this.getNotifications = pg.getMethod("getNotifications", int.class);
            try (Statement st = conn.createStatement()) {
                st.execute("LISTEN project_list_view");
            }
            this.thread = new Thread(this::loop, "lag-probe");
            thread.setDaemon(true);
            thread.start();
        }

        static Probe start(String jdbcUrl) {
            if (jdbcUrl == null || jdbcUrl.isBlank()) {
                return null;
            }
            try {
                return new Probe(DriverManager.getConnection(jdbcUrl));
            } catch (Exception e) {
                System.out.println("probe off (" + e + ")");
                return null;
            }
        }

        void committed(String projectId, long nanos) {
            pending.put(projectId, nanos);
        }

        private void loop() {
            try (PreparedStatement q = conn.prepareStatement(
                    "SELECT project_id FROM project_list_view WHERE project_id = ANY(?)")) {
                Object pgConn = conn.unwrap(Class.forName("org.postgresql.PGConnection"));
                while (System.nanoTime() < stopAt && !(stopAt != Long.MAX_VALUE && pending.isEmpty())) {
                    getNotifications.invoke(pgConn, 10);
                    if (pending.isEmpty()) {
                        continue;
                    }
                    q.setArray(1, conn.createArrayOf("text", pending.keySet().toArray()));
                    try (ResultSet rs = q.executeQuery()) {
                        long now = System.nanoTime();
                        while (rs.next()) {
                            Long t = pending.remove(rs.getString(1));
                            if (t != null) {
                                lags.add(now - t);
                            }
                        }
                    }
                }
            } catch (Exception e) {
                System.out.println("probe failed: " + e);
            }
        }

        /** Waits until every pending project was seen (at most timeoutMillis), then the lags in nanoseconds. */
        List<Long> finish(long timeoutMillis) throws Exception {
            stopAt = System.nanoTime() + timeoutMillis * 1_000_000L;
            thread.join(timeoutMillis + 5_000);
            conn.close();
            return new ArrayList<>(lags);
        }

        int missing() {
            return pending.size();
        }
    }

    private static long pct(List<Long> sorted, double q) {
        return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1));
    }

    private static final Pattern BUCKET = Pattern.compile("^(\\w+)_bucket\\{.*le=\"([^\"]+)\".*\\}\\s+(\\S+)$");

    /** Cumulative bucket counts per histogram name, from /q/metrics. */
    static Map<String, TreeMap<Double, Double>> histograms(HttpClient http, String base) throws Exception {
        String text = http.send(HttpRequest.newBuilder(URI.create(base + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Map<String, TreeMap<Double, Double>> out = new TreeMap<>();
        for (String line : text.split("\n")) {
            Matcher m = BUCKET.matcher(line);
            if (m.matches()) {
                double le = m.group(2).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(2));
                out.computeIfAbsent(m.group(1), k -> new TreeMap<>()).merge(le, Double.parseDouble(m.group(3)),
                        Double::sum);
            }
        }
        return out;
    }

    static TreeMap<Double, Double> delta(TreeMap<Double, Double> before, TreeMap<Double, Double> after) {
        TreeMap<Double, Double> d = new TreeMap<>();
        if (after == null) {
            return d;
        }
        after.forEach((le, count) -> d.put(le, count - (before == null ? 0 : before.getOrDefault(le, 0.0))));
        return d;
    }

    /** The upper bound of the bucket holding the q-quantile (the histogram's resolution). */
    static double quantile(TreeMap<Double, Double> cumulative, double q) {
        if (cumulative.isEmpty()) {
            return Double.NaN;
        }
        double total = cumulative.lastEntry().getValue();
        for (var e : cumulative.entrySet()) {
            if (e.getValue() >= q * total) {
                return e.getKey();
            }
        }
        return Double.NaN;
    }
}
