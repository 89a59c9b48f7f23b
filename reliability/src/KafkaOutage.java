import java.util.List;

/**
 * Kafka stopped for 60 s during a steady load: writes keep succeeding (the log is the buffer),
 * list keeps answering (marked stale); once the broker is back, the view covers everything
 * written during the outage within 5 s.
 */
final class KafkaOutage implements Reliability.Scenario {
    static final String WS = "rel-kafka";
    static final int WRITERS = 4;
    static final double RATE = 20;
    static final int OUTAGE_SECONDS = 60;
    static final double CONVERGE_LIMIT = 5.0;

    @Override
    public String name() {
        return "kafka-outage";
    }

    @Override
    public void run(Reliability.Ctx ctx, Reliability.Result result) {
        Load load = new Load(ctx.http(), ctx.tokens(), WS, WRITERS, RATE, true);
        load.start();
        Log.sleep(5_000);

        ctx.stack().component("stop", "kafka");
        double downAt = Log.now();
        long positionAtStop = ctx.db().count("SELECT coalesce(max(global_position), 0) FROM project_events");
        Log.sleep(Math.max(0, (long) ((downAt + OUTAGE_SECONDS - Log.now()) * 1000)));
        double startingAt = Log.now();
        ctx.stack().component("start", "kafka");
        double readyAt = Log.now();
        // everything appended until the broker is back must reach the view
        long target = ctx.db().count("SELECT coalesce(max(global_position), 0) FROM project_events");
        double relayed = -1;
        double projected = -1;
        while (Log.now() - readyAt < 60 && projected < 0) {
            if (relayed < 0 && ctx.db().tryCount(relayBehind(target)) == 0) {
                relayed = Log.now() - readyAt;
            }
            if (ctx.db().tryCount(viewBehind(target)) == 0) {
                projected = Log.now() - readyAt;
                if (relayed < 0) {
                    relayed = projected;
                }
            }
            Log.sleep(100);
        }
        Log.sleep(5_000);
        load.stop();

        double converged = ctx.checks().awaitViewCovers(null, 60);
        Checks.LogCheck log = ctx.checks().log(WS, load.acks);
        List<String> listProblems = ctx.checks().listShowsEveryProjectOnce(WS, load.created);
        TopicRecords.Counts topic = ctx.checks().topic(WS);
        List<Load.Outcome> saves = load.between("save", downAt, startingAt);
        List<Load.Outcome> lists = load.between("list", downAt, startingAt);
        List<Load.Outcome> loads = load.between("load", downAt, startingAt);
        long savesOk = saves.stream().filter(o -> o.status() == 200).count();
        long listsOk = lists.stream().filter(o -> o.status() == 200).count();
        long stale = lists.stream().filter(Load.Outcome::stale).count();
        long loadsOk = loads.stream().filter(o -> o.status() == 200).count();
        long maxSaveMs = saves.stream().mapToLong(Load.Outcome::millis).max().orElse(0);
        long notOk = load.outcomes.stream().filter(o -> o.status() != 200).count();
        long backlog = target - positionAtStop;

        Log.info("  during the outage: saves %s (slowest %d ms), lists %s (%d stale), loads %s",
                Load.histogram(saves), maxSaveMs, Load.histogram(lists), stale, Load.histogram(loads));
        Log.info("  broker start %.1f s; relayed %.1f s and projected %.1f s after it was ready (%d events behind)",
                readyAt - startingAt, relayed, projected, backlog);
        Log.info("  %s", log.summary());

        result.number("outage %.0f s: %d/%d saves ok (slowest %d ms), %d/%d lists ok (%d stale)",
                startingAt - downAt, savesOk, saves.size(), maxSaveMs, listsOk, lists.size(), stale);
        result.number("broker ready %.1f s after start", readyAt - startingAt);
        result.number("backlog of ~%d events relayed in %.1f s, view covers it %.1f s after broker ready",
                backlog, relayed, projected);
        result.number("missing %d", log.missing());
        result.number("topic: %d records, %d redelivered", topic.records(), topic.duplicates());

        result.require(savesOk > 0 && savesOk == saves.size(), "saves failed during the outage: %s",
                Load.histogram(saves));
        result.require(listsOk == lists.size() && !lists.isEmpty(), "lists failed during the outage: %s",
                Load.histogram(lists));
        result.require(loadsOk == loads.size(), "loads failed during the outage: %s", Load.histogram(loads));
        result.require(notOk == 0, "%d answers were not 200", notOk);
        result.require(projected >= 0 && projected <= CONVERGE_LIMIT,
                "the view covered the outage's writes %.1f s after the broker was ready (limit %.0f s)", projected,
                CONVERGE_LIMIT);
        result.require(converged >= 0, "the view did not reach the log within 60 s after the load");
        result.require(topic.missing() == 0, "%d events of the log are not on the topic", topic.missing());
        result.require(log.ok(), "%s %s", log.summary(), log.examples());
        result.require(listProblems.isEmpty(), "list: %s", listProblems);
    }

    /** Events up to a position that the relay has not yet published (its checkpoint is behind them). */
    static String relayBehind(long position) {
        return "SELECT count(*) FROM project_events e, relay_checkpoints c WHERE c.name = 'events'"
                + " AND e.global_position <= " + position
                + " AND (e.tx_id, e.global_position) > (c.last_tx_id, c.last_position)";
    }

    /** Projects whose view row is behind their newest event up to a position. */
    static String viewBehind(long position) {
        return "SELECT count(*) FROM (SELECT stream_id, max(version) AS v FROM project_events WHERE global_position <= "
                + position + " GROUP BY 1) e LEFT JOIN project_list_view l ON l.project_id = e.stream_id"
                + " WHERE coalesce(l.version, 0) < e.v";
    }
}
