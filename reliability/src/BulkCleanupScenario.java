import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Two users with 10,000 projects each clean up all of them at the same moment (cleanup without an
 * id), while others save: saves that race the cleanups on the projects being deleted, and saves
 * of a bystander's projects. Issue 11: one such cleanup used to take 10,000 locks in one
 * transaction; two at once exhausted PostgreSQL's lock table. Now: no 5xx, every acknowledged save
 * in the log (and before its project's deletion), every project of the two deleted, the
 * bystander's untouched, and the locks held at any moment bounded by the chunks.
 */
final class BulkCleanupScenario implements Reliability.Scenario {
    static final String WS = "rel-bulk";
    static final String ORG = "relbulk";
    static final int PROJECTS = 10_000;
    static final List<String> CLEANERS = List.of("carol", "chris");
    static final String BYSTANDER = "olga";
    static final int BYSTANDER_PROJECTS = 50;

    private record Ack(String user, String id, int version, String description) {
    }

    @Override
    public String name() {
        return "bulk-cleanup";
    }

    @Override
    public void run(Reliability.Ctx ctx, Reliability.Result result) throws Exception {
        Path pgLog = ctx.logs().resolve("pg.log");
        long lockErrorsBefore = countLines(pgLog, "out of shared memory");

        // ---- the projects ----------------------------------------------------------------------
        Map<String, List<String>> ids = new HashMap<>();
        double t0 = Log.now();
        AtomicLong createFailures = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            for (String user : CLEANERS) {
                ids.put(user, create(ctx, pool, user, PROJECTS, createFailures));
            }
            ids.put(BYSTANDER, create(ctx, pool, BYSTANDER, BYSTANDER_PROJECTS, createFailures));
        } finally {
            pool.shutdown();
        }
        double created = Log.now() - t0;
        Log.info("  created %d projects in %.0f s (%d failed)", 2 * PROJECTS + BYSTANDER_PROJECTS, created,
                createFailures.get());
        if (createFailures.get() > 0) {
            throw new IllegalStateException(createFailures.get() + " saves failed while creating the projects");
        }

        // ---- savers, a lock sampler, and the two cleanups ----------------------------------------
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Integer> saveStatuses = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            boolean racer = s < 3;
            int n = s;
            threads.add(thread("saver-" + s, () -> save(ctx, stop, racer, n, ids, acks, saveStatuses)));
        }
        AtomicLong maxLocks = new AtomicLong();
        threads.add(thread("locks", () -> sampleLocks(ctx, stop, maxLocks)));
        threads.forEach(Thread::start);
        Log.sleep(2_000);

        List<Http.Resp> cleanups = Collections.synchronizedList(new ArrayList<>());
        ExecutorService cleaners = Executors.newFixedThreadPool(CLEANERS.size());
        double c0 = Log.now();
        List<Future<Http.Resp>> answers = new ArrayList<>();
        for (String user : CLEANERS) {
            answers.add(cleaners.submit(() -> ctx.http().post("/api/v1/projects/" + WS + "/cleanup")
                    .bearer(ctx.tokens().of(user, ORG)).json(Map.of("project", Map.of("scope", "user")))
                    .timeout(java.time.Duration.ofMinutes(5)).send()));
        }
        for (Future<Http.Resp> f : answers) {
            cleanups.add(f.get(6, TimeUnit.MINUTES));
        }
        double cleanupSeconds = Log.now() - c0;
        cleaners.shutdown();
        Log.sleep(2_000);
        stop.set(true);
        for (Thread t : threads) {
            t.join(30_000);
        }

        // ---- what the log says ----------------------------------------------------------------------
        for (int i = 0; i < CLEANERS.size(); i++) {
            Http.Resp r = cleanups.get(i);
            Log.info("  cleanup %d: %s in %.1f s: %s", i + 1, r.outcome(), r.millis() / 1000.0, r.shortBody()
                    .replaceAll("\"deleted\":\\[[^]]*]", "\"deleted\":[...]"));
            result.require(r.ok() && Integer.valueOf(PROJECTS).equals(Json.integer(r.json(), "data", "deleted_count"))
                    && Integer.valueOf(0).equals(Json.integer(r.json(), "data", "remaining")),
                    "cleanup %d answered %s %s", i + 1, r.outcome(), r.shortBody());
        }
        Map<Integer, Integer> statuses = new HashMap<>();
        saveStatuses.forEach(s -> statuses.merge(s, 1, Integer::sum));
        long fivexx = saveStatuses.stream().filter(s -> s >= 500 || s == 0).count();

        // every acknowledged save: its event, with its description; before the deletion of its project
        Map<String, String[]> events = new HashMap<>();
        for (String[] r : ctx.db().rows("SELECT e.stream_id, e.version, e.type, coalesce(e.data->'changes'->>"
                + "'description', '') FROM project_events e JOIN project_streams s USING (stream_id)"
                + " WHERE s.workspace_id = " + Db.lit(WS) + " AND e.type IN ('ProjectUpdated', 'ProjectDeleted')")) {
            events.put(r[0] + ":" + r[1], r);
        }
        Map<String, Integer> deletedAt = new HashMap<>();
        events.values().stream().filter(r -> r[2].equals("ProjectDeleted"))
                .forEach(r -> deletedAt.put(r[0], Integer.parseInt(r[1])));
        int lost = 0;
        int afterDeletion = 0;
        int racing = 0;
        List<String> examples = new ArrayList<>();
        for (Ack a : acks) {
            String[] e = events.get(a.id() + ":" + a.version());
            if (e == null || !e[2].equals("ProjectUpdated") || !e[3].equals(a.description())) {
                lost++;
                if (examples.size() < 3) {
                    examples.add(a + " -> " + (e == null ? "no event" : String.join("/", e)));
                }
            }
            if (CLEANERS.contains(a.user())) {
                racing++;
                Integer del = deletedAt.get(a.id());
                if (del != null && del < a.version()) {
                    afterDeletion++;
                }
            }
        }
        long liveOfCleaners = ctx.db().count("SELECT count(*) FROM project_streams WHERE workspace_id = "
                + Db.lit(WS) + " AND author IN ('carol', 'chris') AND NOT deleted");
        long bystanderLive = ctx.db().count("SELECT count(*) FROM project_streams WHERE workspace_id = " + Db.lit(WS)
                + " AND author = 'olga' AND NOT deleted");
        String[] tx = ctx.db().rows("SELECT count(*), coalesce(max(n), 0) FROM (SELECT tx_id, count(*) AS n"
                + " FROM project_events e JOIN project_streams s USING (stream_id) WHERE s.workspace_id = "
                + Db.lit(WS) + " AND e.type = 'ProjectDeleted' GROUP BY tx_id) t").get(0);
        long lockErrors = countLines(pgLog, "out of shared memory") - lockErrorsBefore;
        double converged = ctx.checks().awaitViewCovers(WS, 120);

        Log.info("  saves: %s; acked %d (%d racing the cleanups), lost %d, acked after their project's deletion %d",
                statuses, acks.size(), racing, lost, afterDeletion);
        Log.info("  deletions in %s transactions of at most %s; most advisory locks held at once %d; 'out of"
                + " shared memory' in the PostgreSQL log: %d", tx[0], tx[1], maxLocks.get(), lockErrors);

        result.number("%d projects created in %.0f s", 2 * PROJECTS + BYSTANDER_PROJECTS, created);
        result.number("2 cleanups of %d at once: %s in %.1f s", PROJECTS, cleanups.stream().map(Http.Resp::outcome)
                .toList(), cleanupSeconds);
        result.number("deleted in %s transactions of <= %s projects, <= %d advisory locks at once", tx[0], tx[1],
                maxLocks.get());
        result.number("saves meanwhile %s: %d acked (%d on projects being deleted), %d lost", statuses,
                acks.size(), racing, lost);
        result.number("view = log %s after", converged < 0 ? "NOT within 120 s" : String.format("%.1f s", converged));

        result.require(fivexx == 0, "%d saves answered 5xx or nothing", fivexx);
        result.require(lost == 0, "%d acknowledged saves are not in the log as acknowledged, e.g. %s", lost, examples);
        result.require(afterDeletion == 0, "%d acknowledged saves come after their project's deletion", afterDeletion);
        result.require(racing > 0, "no save raced the cleanups");
        result.require(liveOfCleaners == 0, "%d projects of the two users survived their cleanup", liveOfCleaners);
        result.require(bystanderLive == BYSTANDER_PROJECTS, "the bystander has %d live projects of %d", bystanderLive,
                BYSTANDER_PROJECTS);
        result.require(lockErrors == 0, "PostgreSQL ran out of lock table space %d times", lockErrors);
        result.require(converged >= 0, "the view did not reach the log within 120 s");
    }

    private static List<String> create(Reliability.Ctx ctx, ExecutorService pool, String user, int n,
            AtomicLong failures) throws Exception {
        String token = ctx.tokens().of(user, ORG);
        List<Future<String>> futures = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int k = i;
            futures.add(pool.submit(() -> {
                Http.Resp r = ctx.http().post("/api/v1/projects/" + WS + "/save").bearer(token)
                        .json(Map.of("project", Map.of("name", user + " " + k))).send();
                if (!r.ok()) {
                    failures.incrementAndGet();
                    return null;
                }
                return Json.str(r.json(), "data", "project_id");
            }));
        }
        List<String> ids = new ArrayList<>(n);
        for (Future<String> f : futures) {
            String id = f.get();
            if (id != null) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** Updates random projects (of the cleaners when racing, else of the bystander) until stopped. */
    private static void save(Reliability.Ctx ctx, AtomicBoolean stop, boolean racer, int n,
            Map<String, List<String>> ids, ConcurrentLinkedQueue<Ack> acks, ConcurrentLinkedQueue<Integer> statuses) {
        Random random = new Random(n * 31L);
        for (int k = 0; !stop.get(); k++) {
            String user = racer ? CLEANERS.get(random.nextInt(CLEANERS.size())) : BYSTANDER;
            List<String> mine = ids.get(user);
            String id = mine.get(random.nextInt(mine.size()));
            String description = "saver " + n + " save " + k;
            Http.Resp r = ctx.http().post("/api/v1/projects/" + WS + "/save").bearer(ctx.tokens().of(user, ORG))
                    .json(Map.of("project", Map.of("id", id, "description", description))).send();
            statuses.add(r.status());
            if (r.ok()) {
                acks.add(new Ack(user, id, Json.integer(r.json(), "data", "version"), description));
            }
        }
    }

    /** The most advisory locks held at once, sampled every 20 ms through one psql session. */
    private static void sampleLocks(Reliability.Ctx ctx, AtomicBoolean stop, AtomicLong max) {
        try {
            Process psql = new ProcessBuilder("psql", ctx.db().url(), "-X", "-q", "-A", "-t").start();
            try (var in = new java.io.PrintWriter(psql.getOutputStream(), true, StandardCharsets.UTF_8);
                    var out = new java.io.BufferedReader(new java.io.InputStreamReader(psql.getInputStream(),
                            StandardCharsets.UTF_8))) {
                while (!stop.get()) {
                    in.println("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory';");
                    String line = out.readLine();
                    if (line == null) {
                        return;
                    }
                    max.accumulateAndGet(Long.parseLong(line.trim()), Math::max);
                    Log.sleep(20);
                }
            } finally {
                psql.destroy();
            }
        } catch (java.io.IOException | RuntimeException e) {
            Log.info("  lock sampler stopped: %s", e);
        }
    }

    private static Thread thread(String name, Runnable r) {
        Thread t = new Thread(r, "bulk-" + name);
        t.setDaemon(true);
        return t;
    }

    private static long countLines(Path file, String text) {
        try {
            return Files.readAllLines(file, StandardCharsets.ISO_8859_1).stream().filter(l -> l.contains(text)).count();
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
