import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Many concurrent imports of about 9 MB each (inside the 10 MiB body limit) while other callers
 * save: every import the service accepted is relayed and projected, the pipeline keeps flowing (a
 * save made after them is in list, fresh, within seconds), the service logs no OutOfMemoryError;
 * and readiness says DOWN when the pipeline does not flow (the relay's lease held). The API may
 * refuse imports it has no memory for (413, 429 or 503, counted apart); it may not fail them.
 * RELIABILITY_LARGE_IMPORTS sets how many go at once (default 60).
 */
final class LargeImports implements Reliability.Scenario {
    static final String WS = "rel-large";
    static final String USER = "rel-large-importer";
    static final int BYTES = 9_000_000;
    static final double FRESH_LIMIT = 30;

    @Override
    public String name() {
        return "large-imports";
    }

    @Override
    public void run(Reliability.Ctx ctx, Reliability.Result result) throws Exception {
        int imports = Integer.parseInt(System.getenv().getOrDefault("RELIABILITY_LARGE_IMPORTS", "60"));
        byte[] body = bundle(BYTES);
        String token = ctx.tokens().of(USER, Load.ORG);
        Pipeline.Ooms oomsBefore = Pipeline.ooms(ctx.logs());
        Load load = new Load(ctx.http(), ctx.tokens(), WS, 4, 8, false);
        load.start();
        Log.sleep(2_000);

        Log.info("  %d imports of %.1f MB at once", imports, body.length / 1e6);
        Http big = new Http(ctx.http().base, imports);
        ExecutorService senders = Executors.newFixedThreadPool(imports);
        List<Future<Http.Resp>> sent = new ArrayList<>();
        double t0 = Log.now();
        for (int i = 0; i < imports; i++) {
            sent.add(senders.submit(() -> big.post("/api/v1/projects/" + WS + "/import-project").bearer(token)
                    .raw("application/json", body).timeout(Duration.ofSeconds(180)).send()));
        }
        Map<String, Integer> outcomes = new TreeMap<>();
        Set<String> accepted = new HashSet<>();
        long refused = 0;
        long failed = 0;
        long slowest = 0;
        for (Future<Http.Resp> f : sent) {
            Http.Resp r = f.get();
            outcomes.merge(r.outcome(), 1, Integer::sum);
            slowest = Math.max(slowest, r.millis());
            if (r.ok()) {
                accepted.add(Json.str(r.json(), "data", "new_project_id"));
            } else if ((r.status() == 413 || r.status() == 429 || r.status() == 503) && r.errorEnvelope()) {
                refused++;
            } else {
                failed++;
            }
        }
        senders.shutdown();
        double importsTook = Log.now() - t0;
        Log.sleep(2_000);
        load.stop();
        Log.info("  imports answered in %.1f s: %s", importsTook, outcomes);

        // the pipeline keeps flowing: a save made now is in list, fresh, within seconds
        Http.Resp marker = ctx.http().post("/api/v1/projects/" + WS + "/save").bearer(token)
                .json(Json.obj("project", Json.obj("name", "saved after the imports"))).send();
        String markerId = Json.str(marker.json(), "data", "project_id");
        double fresh = markerId == null ? -1 : Pipeline.freshIn(ctx.http(), token, WS, markerId, 120);
        Log.info("  a save after the imports: %s; in list, fresh, after %.1f s", marker.outcome(), fresh);

        // every accepted import in the view, and on the topic
        double covered = ctx.checks().awaitViewCovers(WS, 120);
        Set<String> expected = new HashSet<>();
        accepted.forEach(id -> expected.add(id + ":1"));
        TopicRecords.Counts topic = TopicRecords.count(ctx.checks().kafka(), accepted, expected);
        Checks.LogCheck log = ctx.checks().log(WS, load.acks);
        List<Load.Outcome> saves = load.outcomes.stream().filter(o -> o.op().equals("save")).toList();
        long savesOk = saves.stream().filter(o -> o.status() == 200).count();
        Pipeline.Ooms ooms = Pipeline.ooms(ctx.logs());
        long newOoms = ooms.all() - oomsBefore.all();
        long pipelineOoms = ooms.pipeline() - oomsBefore.pipeline();
        boolean alive = ctx.stack().alive("service");
        Log.info("  topic: %d of %d accepted imports, %d missing; view covers the workspace after %.1f s; %s",
                topic.records(), accepted.size(), topic.missing(), covered, log.summary());
        Log.info("  OutOfMemoryError lines in the service log: %d (relay or projector threads: %d); service alive: %s",
                newOoms, pipelineOoms, alive);

        result.number("%d imports of %.0f MB: %d accepted, %d refused, %d failed (%s), slowest %.1f s", imports,
                BYTES / 1e6, accepted.size(), refused, failed, outcomes, slowest / 1000.0);
        result.number("other callers: %d/%d saves ok", savesOk, saves.size());
        result.number("save after them fresh in list after %.1f s", fresh);
        result.number("accepted on the topic: %d missing; OutOfMemoryError: %d (pipeline threads %d)",
                topic.missing(), newOoms, pipelineOoms);

        result.require(failed == 0, "%d imports failed instead of being accepted or refused: %s", failed, outcomes);
        result.require(savesOk == saves.size() && !saves.isEmpty(), "saves of other callers failed: %s",
                Load.histogram(saves));
        result.require(fresh >= 0 && fresh <= FRESH_LIMIT, "the save after the imports was fresh in list after %.1f s"
                + " (limit %.0f s)", fresh, FRESH_LIMIT);
        result.require(topic.missing() == 0, "%d accepted imports are not on the topic", topic.missing());
        result.require(covered >= 0, "the view did not cover the workspace within 120 s");
        result.require(log.ok(), "%s %s", log.summary(), log.examples());
        result.require(newOoms == 0, "%d OutOfMemoryError lines in the service log (%d on relay or projector threads)",
                newOoms, pipelineOoms);
        result.require(alive, "the service is not running any more");
        if (alive) {
            Pipeline.stuckRelay(ctx, result, WS, USER);
        }
    }

    /** An import body of about {@code bytes}: a project with concepts of a thousand characters each. */
    static byte[] bundle(int bytes) {
        String definition = "x".repeat(1000);
        StringBuilder b = new StringBuilder(bytes + 1000);
        b.append("{\"export_data\":{\"tables\":{\"project\":{\"data\":[{\"name\":\"Large import\"}]},")
                .append("\"concepts\":{\"data\":[");
        for (int i = 0; b.length() < bytes; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append("{\"name\":\"concept ").append(i).append("\",\"definition\":\"").append(definition).append("\"}");
        }
        b.append("]}}}}");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
