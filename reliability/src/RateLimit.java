import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One caller far over its request rate while another caller of the same organization works at a
 * steady pace below it: the first gets 429s in the envelope with Retry-After and the RateLimit
 * fields, and no more requests through than its bucket allows; the second gets every answer 200,
 * as fast as when it was alone. The organization {@code relrate} has a small limit (run.sh
 * configures 4 requests/s, bursts of 8), read back from the RateLimit-Policy field, so a flood
 * ten times over it needs no more than a busy machine can send.
 */
final class RateLimit implements Reliability.Scenario {
    static final String WS = "rel-rate";
    static final String ORG = "relrate";
    /** The flooding caller's pace, in multiples of its limit. */
    static final double FLOOD_FACTOR = 10;
    static final int FLOOD_THREADS = 4;
    /** The steady caller's pace, alone and then during the flood, as a share of its limit. */
    static final double STEADY_SHARE = 0.75;
    static final int PHASE_SECONDS = 10;
    /**
     * The steady caller's p90 during the flood may be at most this many times its p90 alone, or
     * this bound, whichever is larger (a p90 of some 30 answers; their p99 would be their slowest).
     */
    static final double P90_FACTOR = 3;
    static final long P90_FLOOR_MS = 100;
    private static final Pattern POLICY = Pattern.compile("\"caller\";q=(\\d+);w=(\\d+)");
    private static final Pattern REMAINING = Pattern.compile("\"caller\";r=(\\d+);t=(\\d+)");

    /** One answer with what the check needs. */
    record Answer(double at, int status, long millis, boolean envelope, String retryAfter, String rateLimit,
            String policy) {
    }

    @Override
    public String name() {
        return "rate-limit";
    }

    @Override
    public void run(Reliability.Ctx ctx, Reliability.Result result) {
        String flooder = ctx.tokens().of("rl-flood", ORG);
        String steady = ctx.tokens().of("rl-steady", ORG);
        String floodProject = create(ctx.http(), flooder, "Flooded");
        String steadyProject = create(ctx.http(), steady, "Steady");
        Http.Resp probe = ctx.http().get(load(floodProject)).bearer(flooder).send();
        Matcher policy = POLICY.matcher(String.valueOf(probe.header("RateLimit-Policy")));
        result.require(policy.matches(), "RateLimit-Policy of a 200: %s", probe.header("RateLimit-Policy"));
        if (!policy.matches()) {
            return;
        }
        int burst = Integer.parseInt(policy.group(1));
        double rate = burst / Double.parseDouble(policy.group(2));
        Log.info("  the service's policy: %s (%d requests, %.0f per second)", probe.header("RateLimit-Policy"),
                burst, rate);
        // the flooder's bucket is full again before it starts
        Log.sleep((long) (1000 * (burst / rate + 1)));
        double steadyRate = STEADY_SHARE * rate;
        double floodRate = FLOOD_FACTOR * rate;

        List<Answer> alone = paced(ctx.http(), steady, steadyProject, steadyRate, 1, PHASE_SECONDS, null);
        Http floodClient = new Http(ctx.http().base, FLOOD_THREADS);
        AtomicBoolean flooding = new AtomicBoolean(true);
        List<Answer> flood = Collections.synchronizedList(new ArrayList<>());
        double floodStart = Log.now();
        Thread floodThread = new Thread(() -> flood.addAll(paced(floodClient, flooder, floodProject, floodRate,
                FLOOD_THREADS, PHASE_SECONDS + 2, flooding)), "flood");
        floodThread.start();
        Log.sleep(1000); // the flooder's burst is spent by now
        List<Answer> during = paced(ctx.http(), steady, steadyProject, steadyRate, 1, PHASE_SECONDS, null);
        flooding.set(false);
        try {
            floodThread.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        double floodSeconds = flood.stream().mapToDouble(Answer::at).max().orElse(floodStart) - floodStart;

        List<Answer> refused = flood.stream().filter(a -> a.status() == 429).toList();
        long accepted = flood.stream().filter(a -> a.status() == 200).count();
        long otherFlood = flood.size() - refused.size() - accepted;
        long badRefusals = refused.stream().filter(a -> !wellFormed(a)).count();
        long steadyNot200 = during.stream().filter(a -> a.status() != 200).count()
                + alone.stream().filter(a -> a.status() != 200).count();
        long p50Alone = percentile(alone, 50);
        long p90Alone = percentile(alone, 90);
        long maxAlone = percentile(alone, 100);
        long p50During = percentile(during, 50);
        long p90During = percentile(during, 90);
        long maxDuring = percentile(during, 100);
        long p90Bound = Math.max(P90_FLOOR_MS, (long) (P90_FACTOR * p90Alone));
        // at most a full bucket and what it refills while the flood lasts (and a second's slack)
        double allowed = burst + rate * (floodSeconds + 1);
        // the flooder waits as told, then is served again
        long retryAfter = refused.isEmpty() ? 1 : Long.parseLong(refused.get(refused.size() - 1).retryAfter());
        Log.sleep(retryAfter * 1000);
        Http.Resp again = ctx.http().get(load(floodProject)).bearer(flooder).send();

        Log.info("  flooder: %d requests in %.1f s (%.0f/s): 200:%d 429:%d other:%d; allowed at most %.0f",
                flood.size(), floodSeconds, flood.size() / Math.max(floodSeconds, 0.001), accepted, refused.size(),
                otherFlood, allowed);
        Log.info("  steady caller alone:        %d requests, p50 %d ms, p90 %d ms, max %d ms", alone.size(), p50Alone,
                p90Alone, maxAlone);
        Log.info("  steady caller during flood: %d requests, p50 %d ms, p90 %d ms, max %d ms (p90 bound %d ms)",
                during.size(), p50During, p90During, maxDuring, p90Bound);
        if (!refused.isEmpty()) {
            Answer a = refused.get(0);
            Log.info("  a refusal: 429 Retry-After: %s, RateLimit: %s, RateLimit-Policy: %s", a.retryAfter(),
                    a.rateLimit(), a.policy());
        }

        result.number("flooder %.0f req/s for %.0f s: %d accepted (at most %.0f allowed), %d 429 (%d without"
                + " Retry-After/RateLimit/envelope)", flood.size() / Math.max(floodSeconds, 0.001), floodSeconds,
                accepted, allowed, refused.size(), badRefusals);
        result.number("other caller of the organization: %d/%d 200, p50/p90 %d/%d ms alone, %d/%d ms during the flood",
                alone.size() + during.size() - steadyNot200, alone.size() + during.size(), p50Alone, p90Alone, p50During,
                p90During);
        result.number("flooder served again after Retry-After %d s: %s", retryAfter, again.outcome());

        result.require(!refused.isEmpty(), "the flooder got no 429");
        result.require(flood.size() >= 3 * rate * floodSeconds, "the flood sent only %d requests in %.0f s",
                flood.size(), floodSeconds);
        result.require(badRefusals == 0, "%d 429s lacked Retry-After, the RateLimit fields or the envelope",
                badRefusals);
        result.require(otherFlood == 0, "%d flood answers were neither 200 nor 429", otherFlood);
        result.require(accepted <= allowed, "the flooder got %d requests through, more than %.0f", accepted, allowed);
        result.require(accepted >= rate * floodSeconds * 0.5, "the flooder got only %d requests through in %.0f s",
                accepted, floodSeconds);
        result.require(steadyNot200 == 0, "the steady caller got %d answers other than 200", steadyNot200);
        result.require(during.size() >= steadyRate * PHASE_SECONDS * 0.8, "the steady caller sent only %d requests",
                during.size());
        result.require(p90During <= p90Bound, "the steady caller's p90 rose from %d ms to %d ms (bound %d ms)",
                p90Alone, p90During, p90Bound);
        result.require(again.ok(), "after Retry-After the flooder got %s", again.outcome());
    }

    /** A 429 in the envelope, with a whole number of seconds in Retry-After and the two RateLimit fields. */
    private static boolean wellFormed(Answer a) {
        return a.envelope() && a.retryAfter() != null && a.retryAfter().matches("[1-9]\\d*")
                && a.rateLimit() != null && REMAINING.matcher(a.rateLimit()).matches() && a.rateLimit().contains(";r=0;")
                && a.policy() != null && POLICY.matcher(a.policy()).matches();
    }

    /**
     * {@code threads} threads together at {@code rate} requests per second (paced, never catching
     * up) for {@code seconds}, or until {@code running} turns false: loads of the project, and
     * every fifth request a save of it.
     */
    private static List<Answer> paced(Http http, String token, String project, double rate, int threads, int seconds,
            AtomicBoolean running) {
        ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long period = (long) (1e9 * threads / rate);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long offset = period * t / threads;
            Thread worker = new Thread(() -> {
                long next = System.nanoTime() + offset;
                int n = 0;
                while (System.nanoTime() < end && (running == null || running.get())) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        Log.sleep(wait / 1_000_000);
                    }
                    next = Math.max(next + period, System.nanoTime());
                    Http.Resp r = n++ % 5 == 4
                            ? http.post("/api/v1/projects/" + WS + "/save").bearer(token)
                                    .json(Json.obj("project", Json.obj("id", project, "metadata", Json.obj("n", n))))
                                    .send()
                            : http.get(load(project)).bearer(token).send();
                    answers.add(new Answer(Log.now(), r.status(), r.millis(), r.status() == 200 || r.errorEnvelope(),
                            r.header("Retry-After"), r.header("RateLimit"), r.header("RateLimit-Policy")));
                }
            }, "paced-" + t);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        for (Thread w : workers) {
            try {
                w.join(seconds * 1000L + 30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return new ArrayList<>(answers);
    }

    private static String create(Http http, String token, String name) {
        Http.Resp r = http.post("/api/v1/projects/" + WS + "/save").bearer(token)
                .json(Json.obj("project", Json.obj("name", name))).send();
        String id = r.ok() ? Json.str(r.json(), "data", "project_id") : null;
        if (id == null) {
            throw new IllegalStateException("creating the project answered " + r.outcome() + " " + r.shortBody());
        }
        return id;
    }

    private static String load(String project) {
        return "/api/v1/projects/" + WS + "/load?project_id=" + project;
    }

    private static long percentile(List<Answer> answers, int p) {
        if (answers.isEmpty()) {
            return 0;
        }
        long[] ms = answers.stream().mapToLong(Answer::millis).sorted().toArray();
        return ms[Math.min(ms.length - 1, (int) Math.ceil(p / 100.0 * ms.length) - 1)];
    }
}
