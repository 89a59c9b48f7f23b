import java.util.List;

/**
 * PostgreSQL stopped (fast shutdown) for a while during a steady load, then started again, the
 * service left alone: while it is down every answer is a prompt 503 in the envelope; afterwards
 * the service serves again by itself and no acknowledged write is lost.
 */
final class PostgresRestart implements Reliability.Scenario {
    static final String WS = "rel-pg";
    static final int WRITERS = 8;
    static final double RATE = 40;
    static final int DOWN_SECONDS = 10;
    /** An answer slower than this while the database is down counts as hanging. */
    static final long PROMPT_MS = 5_000;

    @Override
    public String name() {
        return "postgres-restart";
    }

    @Override
    public void run(Reliability.Ctx ctx, Reliability.Result result) {
        Load load = new Load(ctx.http(), ctx.tokens(), WS, WRITERS, RATE, true);
        load.start();
        Log.sleep(8_000);

        long servicePid = ctx.stack().pid("service");
        double stoppingAt = Log.now();
        ctx.stack().component("stop", "pg");
        double downAt = Log.now();
        Log.sleep(DOWN_SECONDS * 1000L);
        double startingAt = Log.now();
        ctx.stack().component("start", "pg");
        double upAt = Log.now();

        // the first save that succeeds after PostgreSQL is back
        double firstOk = -1;
        while (Log.now() - upAt < 60 && firstOk < 0) {
            for (Load.Outcome o : load.between("save", upAt, Double.MAX_VALUE)) {
                if (o.status() == 200 && (firstOk < 0 || o.at() < firstOk)) {
                    firstOk = o.at();
                }
            }
            Log.sleep(200);
        }
        double healthy = -1;
        while (Log.now() - upAt < 60 && healthy < 0) {
            if (ctx.stack().serviceReady()) {
                healthy = Log.now() - upAt;
            } else {
                Log.sleep(200);
            }
        }
        Log.sleep(Math.max(0, (long) ((upAt + 8 - Log.now()) * 1000)));
        load.stop();
        double stoppedAt = Log.now();

        double converged = ctx.checks().awaitViewCovers(WS, 60);
        Checks.LogCheck log = ctx.checks().log(WS, load.acks);
        List<String> listProblems = ctx.checks().listShowsEveryProjectOnce(WS, load.created);

        List<Load.Outcome> whileDown = load.between(null, downAt, startingAt);
        List<Load.Outcome> aroundOutage = load.between(null, stoppingAt, upAt);
        List<Load.Outcome> afterwards = load.between(null, upAt, stoppedAt);
        long non503 = whileDown.stream().filter(o -> o.status() != 503).count();
        long badEnvelope = aroundOutage.stream().filter(o -> o.status() != 200 && !o.envelope()).count();
        long other = load.outcomes.stream().filter(o -> o.status() != 200 && o.status() != 503).count();
        long slow = aroundOutage.stream().filter(o -> o.millis() > PROMPT_MS).count();
        long maxMs = whileDown.stream().mapToLong(Load.Outcome::millis).max().orElse(0);
        long fiveHundreds = load.outcomes.stream().filter(o -> o.status() == 500).count();

        Log.info("  all requests while down:      %s (slowest %d ms)", Load.histogram(whileDown), maxMs);
        Log.info("  all requests stop..start:     %s", Load.histogram(aroundOutage));
        Log.info("  all requests after the start: %s", Load.histogram(afterwards));
        Log.info("  %s", log.summary());

        result.number("%d writes acked", log.acked());
        result.number("down %.1f s: %d answers, %d of them 503 (slowest %d ms)", upAt - downAt, whileDown.size(),
                whileDown.size() - non503, maxMs);
        result.number("other non-200: %d", other);
        result.number("first 200 %.1f s and readiness UP %.1f s after PG ready, same service pid",
                firstOk < 0 ? -1 : firstOk - upAt, healthy);
        result.number("missing %d", log.missing());
        result.number("view = log %s after the load", converged < 0 ? "NOT within 60 s"
                : String.format("%.1f s", converged));

        result.require(!whileDown.isEmpty(), "no request was made while PostgreSQL was down");
        result.require(non503 == 0, "%d answers while PostgreSQL was down were not 503: %s", non503,
                Load.histogram(whileDown));
        result.require(fiveHundreds == 0, "%d answers were 500", fiveHundreds);
        result.require(other == 0, "%d answers were neither 200 nor 503: %s", other, Load.histogram(
                load.outcomes.stream().filter(o -> o.status() != 200 && o.status() != 503).toList()));
        result.require(badEnvelope == 0, "%d error answers were not the JSON envelope", badEnvelope);
        result.require(slow == 0, "%d answers took longer than %d ms around the outage", slow, PROMPT_MS);
        result.require(servicePid == ctx.stack().pid("service") && ctx.stack().alive("service"),
                "the service did not stay up");
        result.require(firstOk >= 0, "no save succeeded within 60 s after PostgreSQL was back");
        result.require(healthy >= 0, "/q/health/ready not UP within 60 s after PostgreSQL was back");
        result.require(log.ok(), "%s %s", log.summary(), log.examples());
        result.require(converged >= 0, "the view did not reach the log within 60 s");
        result.require(listProblems.isEmpty(), "list: %s", listProblems);
    }
}
