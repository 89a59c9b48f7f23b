import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * 50 concurrent writers (50 users of one organization) on one organization-scope project: no
 * update is lost.
 *
 * <p>Round 1, read-modify-write: each writer loads the project and saves it with
 * {@code If-Match} its version, a shared counter plus one and its own tally; on 409 it loads
 * again. At the end the counter equals the number of acknowledged saves, each tally equals its
 * writer's acknowledged saves, and the version is 1 + that number.
 *
 * <p>Round 2, blind saves: each writer saves a description of its own ten times without
 * {@code If-Match}. Every acknowledged save got a version of its own, and the event at that
 * version carries exactly that save's description.
 */
final class ConcurrentWriters implements Reliability.Scenario {
    static final String WS = "rel-conc";
    static final String ORG = "relconc";
    static final int WRITERS = 50;
    static final int INCREMENTS = 3;
    static final int BLIND_SAVES = 10;

    @Override
    public String name() {
        return "concurrent-writers";
    }

    @Override
    public void run(Reliability.Ctx ctx, Reliability.Result result) throws Exception {
        Http http = new Http(ctx.http().base, WRITERS);
        String[] users = new String[WRITERS];
        for (int i = 0; i < WRITERS; i++) {
            users[i] = String.format("c%02d", i);
            ctx.tokens().of(users[i], ORG);
        }
        String save = "/api/v1/projects/" + WS + "/save";
        Http.Resp created = http.post(save).bearer(ctx.tokens().of(users[0], ORG)).json(Json.obj("project",
                Json.obj("name", "shared by " + WRITERS, "scope", "organization", "metadata", Json.obj("counter", 0))))
                .send();
        String id = Json.str(created.json(), "data", "project_id");
        if (!created.ok() || id == null) {
            throw new IllegalStateException("could not create the shared project: " + created.outcome() + " "
                    + created.shortBody());
        }

        // round 1: read-modify-write with If-Match
        AtomicInteger conflicts = new AtomicInteger();
        AtomicInteger attempts = new AtomicInteger();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Integer> versions1 = new ConcurrentLinkedQueue<>();
        int[] acked = new int[WRITERS];
        double t1 = Log.now();
        runAll(WRITERS, i -> {
            Random random = new Random(i);
            String token = ctx.tokens().of(users[i], ORG);
            while (acked[i] < INCREMENTS && attempts.incrementAndGet() < 20_000) {
                Http.Resp loaded = http.get("/api/v1/projects/" + WS + "/load?project_id=" + id + "&scope=organization")
                        .bearer(token).send();
                if (!loaded.ok()) {
                    errors.add("load " + loaded.outcome() + " " + loaded.shortBody());
                    continue;
                }
                String etag = loaded.header("ETag");
                Object doc = loaded.json();
                Integer counter = Json.integer(doc, "data", "metadata", "counter");
                Map<String, Object> metadata = new HashMap<>();
                if (Json.path(doc, "data", "metadata") instanceof Map<?, ?> m) {
                    m.forEach((k, v) -> metadata.put(k.toString(), v));
                }
                metadata.put("counter", (counter == null ? 0 : counter) + 1);
                metadata.put(users[i], acked[i] + 1);
                Http.Resp saved = http.post(save).bearer(token).header("If-Match", etag)
                        .json(Json.obj("project", Json.obj("id", id, "scope", "organization", "metadata", metadata)))
                        .send();
                if (saved.ok()) {
                    acked[i]++;
                    versions1.add(Json.integer(saved.json(), "data", "version"));
                } else if (saved.status() == 409 && saved.errorEnvelope()) {
                    conflicts.incrementAndGet();
                    Log.sleep(random.nextInt(40));
                } else {
                    errors.add("save " + saved.outcome() + " " + saved.shortBody());
                }
            }
        });
        double round1 = Log.now() - t1;
        int total1 = 0;
        for (int n : acked) {
            total1 += n;
        }
        Http.Resp after1 = http.get("/api/v1/projects/" + WS + "/load?project_id=" + id + "&scope=organization")
                .bearer(ctx.tokens().of(users[0], ORG)).send();
        Object state1 = after1.json();
        Integer counter = Json.integer(state1, "data", "metadata", "counter");
        int tallyMismatches = 0;
        for (int i = 0; i < WRITERS; i++) {
            Integer tally = Json.integer(state1, "data", "metadata", users[i]);
            if (tally == null || tally != acked[i]) {
                tallyMismatches++;
            }
        }
        int head1 = etagVersion(after1.header("ETag"));

        // round 2: blind saves, no If-Match
        ConcurrentLinkedQueue<String[]> acks2 = new ConcurrentLinkedQueue<>();
        double t2 = Log.now();
        runAll(WRITERS, i -> {
            String token = ctx.tokens().of(users[i], ORG);
            for (int j = 0; j < BLIND_SAVES; j++) {
                String description = users[i] + " save " + j;
                Http.Resp saved = http.post(save).bearer(token).json(Json.obj("project", Json.obj("id", id, "scope",
                        "organization", "description", description))).send();
                if (saved.ok()) {
                    acks2.add(new String[] {String.valueOf(Json.integer(saved.json(), "data", "version")), description});
                } else {
                    errors.add("blind save " + saved.outcome() + " " + saved.shortBody());
                }
            }
        });
        double round2 = Log.now() - t2;
        Map<Integer, String> described = new HashMap<>();
        for (String[] row : ctx.db().rows("SELECT version, data->'changes'->>'description' FROM project_events"
                + " WHERE stream_id = " + Db.lit(id) + " AND version > " + head1)) {
            described.put(Integer.parseInt(row[0]), row[1]);
        }
        Set<Integer> versions2 = new HashSet<>();
        int wrongEvent = 0;
        for (String[] a : acks2) {
            int v = Integer.parseInt(a[0]);
            versions2.add(v);
            if (!a[1].equals(described.get(v))) {
                wrongEvent++;
            }
        }
        long events = ctx.db().count("SELECT count(*) FROM project_events WHERE stream_id = " + Db.lit(id));
        long head = ctx.db().count("SELECT version FROM project_streams WHERE stream_id = " + Db.lit(id));
        Set<Integer> distinct1 = new HashSet<>(versions1);
        double converged = ctx.checks().awaitViewCovers(WS, 30);
        long viewVersion = ctx.db().count("SELECT version FROM project_list_view WHERE project_id = " + Db.lit(id));

        Log.info("  round 1: %d writers x %d increments in %.1f s, %d load+save attempts, %d conflicts (409) retried",
                WRITERS, INCREMENTS, round1, attempts.get(), conflicts.get());
        Log.info("  round 1: counter %s, acked %d, head version %d, tallies off %d", counter, total1, head1,
                tallyMismatches);
        Log.info("  round 2: %d blind saves in %.1f s, %d distinct versions, %d events differ", acks2.size(), round2,
                versions2.size(), wrongEvent);
        Log.info("  log: %d events, head %d; view version %d", events, head, viewVersion);

        result.number("%d writers, If-Match: counter %s = %d acked saves (%d 409s retried)", WRITERS, counter, total1,
                conflicts.get());
        result.number("blind: %d acked saves, %d distinct versions, %d lost", acks2.size(), versions2.size(),
                wrongEvent);
        result.number("log %d events = head %d = view %d", events, head, viewVersion);

        result.require(errors.isEmpty(), "%d unexpected answers, e.g. %s", errors.size(), errors.peek());
        result.require(total1 == WRITERS * INCREMENTS, "round 1 acknowledged %d of %d increments", total1,
                WRITERS * INCREMENTS);
        result.require(counter != null && counter == total1, "lost update: counter %s after %d acknowledged increments",
                counter, total1);
        result.require(tallyMismatches == 0, "%d writers' tallies differ from their acknowledged saves",
                tallyMismatches);
        result.require(distinct1.size() == versions1.size(), "round 1: a version was acknowledged twice");
        result.require(head1 == 1 + total1, "round 1: head version %d, expected %d", head1, 1 + total1);
        result.require(acks2.size() == WRITERS * BLIND_SAVES, "round 2 acknowledged %d of %d saves", acks2.size(),
                WRITERS * BLIND_SAVES);
        result.require(versions2.size() == acks2.size(), "round 2: %d saves share a version",
                acks2.size() - versions2.size());
        result.require(wrongEvent == 0, "round 2: %d acknowledged saves are not the event at their version",
                wrongEvent);
        result.require(events == head && head == 1 + total1 + acks2.size(), "log %d events, head %d, expected %d",
                events, head, 1 + total1 + acks2.size());
        result.require(converged >= 0 && viewVersion == head, "view version %d, log head %d", viewVersion, head);
    }

    private static int etagVersion(String etag) {
        try {
            return Integer.parseInt(etag.replace("\"", "").replace("W/", ""));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    interface Body {
        void run(int i) throws Exception;
    }

    /** Runs n threads that start together and waits for all of them. */
    static void runAll(int n, Body body) throws InterruptedException {
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    body.run(k);
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "writer-" + i);
            threads.add(t);
            t.start();
        }
        go.countDown();
        for (Thread t : threads) {
            t.join(300_000);
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a writer failed: " + failures.peek(), failures.peek());
        }
    }
}
