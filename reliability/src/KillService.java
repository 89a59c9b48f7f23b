import java.util.List;

/**
 * kill -9 of the service during a steady write load, then the service started again: every
 * acknowledged write is in the log and in the view, nothing twice.
 */
final class KillService implements Reliability.Scenario {
    static final String WS = "rel-kill";
    static final int WRITERS = 8;
    static final double RATE = 40;

    @Override
    public String name() {
        return "kill-service";
    }

    @Override
    public void run(Reliability.Ctx ctx, Reliability.Result result) {
        Load load = new Load(ctx.http(), ctx.tokens(), WS, WRITERS, RATE, true);
        load.start();
        Log.sleep(10_000);

        long pidBefore = ctx.stack().pid("service");
        ctx.stack().component("kill", "service");
        double killedAt = Log.now();
        ctx.stack().component("start", "service");
        double readyAt = Log.now();
        Log.sleep(10_000);
        load.stop();
        double stoppedAt = Log.now();

        double converged = ctx.checks().awaitViewCovers(WS, 60);
        Checks.LogCheck log = ctx.checks().log(WS, load.acks);
        List<String> listProblems = ctx.checks().listShowsEveryProjectOnce(WS, load.created);
        TopicRecords.Counts topic = ctx.checks().topic(WS);
        List<Load.Outcome> before = load.between("save", 0, killedAt);
        List<Load.Outcome> during = load.between("save", killedAt, readyAt);
        List<Load.Outcome> after = load.between("save", readyAt, stoppedAt);
        long okAfter = after.stream().filter(o -> o.status() == 200).count();
        long fivexx = load.outcomes.stream().filter(o -> o.status() >= 500).count();
        long viewRows = ctx.db().count("SELECT count(*) FROM project_list_view WHERE workspace_id = " + Db.lit(WS));
        long streams = ctx.db().count("SELECT count(*) FROM project_streams WHERE workspace_id = " + Db.lit(WS));

        Log.info("  saves before the kill: %s", Load.histogram(before));
        Log.info("  saves kill..ready:     %s", Load.histogram(during));
        Log.info("  saves after restart:   %s", Load.histogram(after));
        Log.info("  %s", log.summary());

        result.number("%d writes acked at %.0f/s", log.acked(), RATE);
        result.number("down %.1f s (kill to ready)", readyAt - killedAt);
        result.number("saves between kill and ready: %s", Load.histogram(during));
        result.number("missing %d, duplicates %d", log.missing(), log.duplicateVersions() + log.duplicateEventIds()
                + log.ackedTwice());
        result.number("topic: %d records, %d redelivered (skipped by the view)", topic.records(),
                topic.duplicates());
        result.number("view = log %s after the load", converged < 0 ? "NOT within 60 s" : String.format("%.1f s",
                converged));

        result.require(pidBefore != ctx.stack().pid("service"), "the service was not restarted");
        result.require(log.acked() > 0 && before.stream().anyMatch(o -> o.status() == 200), "no write was acknowledged");
        result.require(okAfter > 0, "no write succeeded after the restart");
        result.require(log.missing() == 0, "%d acknowledged writes are not in the log, e.g. %s", log.missing(),
                log.examples());
        result.require(log.ackedTwice() == 0, "%d versions were acknowledged to two saves", log.ackedTwice());
        result.require(log.duplicateVersions() == 0 && log.duplicateEventIds() == 0,
                "duplicates in the log: %d versions, %d event ids", log.duplicateVersions(), log.duplicateEventIds());
        result.require(log.gaps() == 0 && log.headMismatches() == 0, "%d projects with version gaps, %d heads off",
                log.gaps(), log.headMismatches());
        result.require(converged >= 0, "the view did not reach the log within 60 s after the load");
        result.require(viewRows == streams, "the view has %d rows for %d projects", viewRows, streams);
        result.require(listProblems.isEmpty(), "list: %s", listProblems);
        result.require(topic.missing() == 0, "%d events of the log are not on the topic", topic.missing());
        result.require(fivexx == 0, "%d answers were 5xx", fivexx);
    }
}
