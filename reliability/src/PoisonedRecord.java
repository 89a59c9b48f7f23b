import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Records the pipeline cannot handle, while others save: two records put straight onto the event
 * topic under a real project's key (one not JSON, one an event the view cannot store: a NUL in the
 * name), and an event in the log larger than any record the relay may send (written past the
 * service, as one from before the write-time limit would be). Each is set aside on the dead-letter
 * topic with its reason and counted; the project's later events, and everyone else's, are
 * projected; list is fresh again; readiness stays UP and names the dead letters.
 */
final class PoisonedRecord implements Reliability.Scenario {
    static final String WS = "rel-poison";
    static final String USER = "rel-poison-owner";
    static final String EVENTS = "projects.events.v1";
    static final String DLQ = "projects.events.dlq.v1";
    static final double FRESH_LIMIT = 15;

    @Override
    public String name() {
        return "poisoned-record";
    }

    @Override
    public void run(Reliability.Ctx ctx, Reliability.Result result) throws Exception {
        String token = ctx.tokens().of(USER, Load.ORG);
        String poisoned = save(ctx, token, Json.obj("name", "poisoned on the topic"));
        String refused = save(ctx, token, Json.obj("name", "refused by Kafka"));
        result.require(Pipeline.freshIn(ctx.http(), token, WS, refused, 30) >= 0, "list not fresh before the poison");
        String[] samples = {sample("projector", "unreadable"), sample("projector", "unappliable"),
                sample("relay", "record-too-large")};
        double[] before = new double[samples.length];
        for (int i = 0; i < samples.length; i++) {
            before[i] = Pipeline.metric(ctx.http(), samples[i]);
        }
        Load load = new Load(ctx.http(), ctx.tokens(), WS, 3, 15, false);
        load.start();
        Log.sleep(2_000);

        String garbage = "{\"specversion\": \"1.0\", this is not JSON";
        String nul = "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"/workspaces/" + WS
                + "/projects/" + poisoned + "\",\"type\":\"projects.ProjectUpdated.v1\",\"subject\":\"" + poisoned
                + "\",\"time\":\"2026-11-30T08:00:00.000000+00:00\",\"datacontenttype\":\"application/json\","
                + "\"sequence\":2,\"position\":1,\"actor\":\"" + USER + "\",\"data\":{\"changes\":{\"name\":"
                + "\"bad\\u0000name\"}}}";
        try (KafkaProducer<String, String> producer = producer(ctx.checks().kafka())) {
            producer.send(new ProducerRecord<>(EVENTS, poisoned, garbage)).get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(EVENTS, poisoned, nul)).get(30, TimeUnit.SECONDS);
        }
        // 17 MB of data: more than the 16 MiB a record may hold; no size recorded, as before V13
        ctx.db().rows("WITH head AS (UPDATE project_streams SET version = version + 1 WHERE stream_id = "
                + Db.lit(refused) + " RETURNING stream_id, version, workspace_id, author)"
                + " INSERT INTO project_events (event_id, stream_id, version, type, data, metadata)"
                + " SELECT gen_random_uuid(), stream_id, version, 'ProjectUpdated', jsonb_build_object('changes',"
                + " jsonb_build_object('concepts', jsonb_build_array(repeat('x', 17000000)))),"
                + " jsonb_build_object('actor', author, 'workspace_id', workspace_id) FROM head");
        Log.info("  poisoned: two records on the topic for %s, a 17 MB event in the log for %s", poisoned, refused);
        // the projects' next events come after the poison
        save(ctx, token, Json.obj("id", poisoned, "description", "after the poison"));
        save(ctx, token, Json.obj("id", refused, "description", "after the refused event"));
        String marker = save(ctx, token, Json.obj("name", "saved after the poison"));
        double fresh = Pipeline.freshIn(ctx.http(), token, WS, marker, 60);
        Log.sleep(2_000);
        load.stop();

        double covered = ctx.checks().awaitViewCovers(null, 60);
        Http.Resp list = ctx.http().get("/api/v1/projects/" + WS + "/list?scopes=user&limit=1000").bearer(token).send();
        Object items = Json.path(list.json(), "data");
        String poisonedDescription = null;
        Integer refusedVersion = null;
        if (items instanceof List<?> l) {
            for (Object item : l) {
                if (poisoned.equals(Json.str(item, "id"))) {
                    poisonedDescription = Json.str(item, "description");
                } else if (refused.equals(Json.str(item, "id"))) {
                    refusedVersion = Json.integer(item, "version");
                }
            }
        }
        List<TopicRecords.Rec> letters = TopicRecords.read(ctx.checks().kafka(), DLQ, Set.of(poisoned, refused));
        long unreadable = letters.stream().filter(r -> is(r, "projector", "unreadable") && garbage.equals(r.value()))
                .count();
        long unappliable = letters.stream().filter(r -> is(r, "projector", "unappliable") && nul.equals(r.value()))
                .count();
        long tooLarge = letters.stream().filter(r -> is(r, "relay", "record-too-large") && refused.equals(r.key()))
                .count();
        double[] counted = new double[samples.length];
        for (int i = 0; i < samples.length; i++) {
            counted[i] = Pipeline.metric(ctx.http(), samples[i]) - before[i];
        }
        Map<?, ?> ready = Pipeline.readiness(ctx.http());
        Checks.LogCheck log = ctx.checks().log(WS, load.acks);
        List<String> listProblems = ctx.checks().listShowsEveryProjectOnce(WS, load.created);
        long saveFailures = load.outcomes.stream().filter(o -> o.status() != 200).count();
        Log.info("  dead letters: %d unreadable, %d unappliable, %d too large; counted %.0f/%.0f/%.0f; readiness %s %s",
                unreadable, unappliable, tooLarge, counted[0], counted[1], counted[2], Pipeline.status(ready),
                Pipeline.data(ready, "newest_dead_letter"));

        result.number("dead-lettered: %d unreadable + %d unappliable (projector), %d too large (relay)", unreadable,
                unappliable, tooLarge);
        result.number("counted %.0f + %.0f + %.0f", counted[0], counted[1], counted[2]);
        result.number("save after the poison fresh in list after %.1f s; view covers the log after %.1f s", fresh,
                covered);
        result.number("readiness %s with %s dead letters", Pipeline.status(ready), Pipeline.data(ready, "dead_letters"));

        result.require(unreadable == 1 && unappliable == 1, "the projector's dead letters: %d unreadable, %d unappliable"
                + " (expected one each, the records as they were)", unreadable, unappliable);
        result.require(tooLarge == 1, "the relay's dead letters: %d (expected one)", tooLarge);
        result.require(counted[0] == 1 && counted[1] == 1 && counted[2] == 1,
                "projects_dead_letters_total moved by %.0f/%.0f/%.0f, expected 1/1/1", counted[0], counted[1], counted[2]);
        result.require(fresh >= 0 && fresh <= FRESH_LIMIT, "the save after the poison was fresh in list after %.1f s"
                + " (limit %.0f s)", fresh, FRESH_LIMIT);
        result.require(covered >= 0, "the view did not reach the log within 60 s");
        result.require("after the poison".equals(poisonedDescription),
                "list shows the poisoned project's description as %s", poisonedDescription);
        // version 1 saved, 2 the refused event, 3 the save after it
        result.require(Integer.valueOf(3).equals(refusedVersion),
                "list shows the project with the refused event at version %s, expected 3", refusedVersion);
        result.require("UP".equals(Pipeline.status(ready)), "readiness of the pipeline is %s", Pipeline.status(ready));
        result.require(String.valueOf(Pipeline.data(ready, "newest_dead_letter")).contains("relay record-too-large"),
                "readiness does not name the newest dead letter: %s", Pipeline.data(ready, "newest_dead_letter"));
        result.require(saveFailures == 0, "%d saves of other callers failed", saveFailures);
        result.require(log.ok(), "%s %s", log.summary(), log.examples());
        result.require(listProblems.isEmpty(), "list: %s", listProblems);
    }

    private static String save(Reliability.Ctx ctx, String token, Map<String, Object> project) {
        Http.Resp r = ctx.http().post("/api/v1/projects/" + WS + "/save").bearer(token)
                .json(Json.obj("project", project)).send();
        if (!r.ok()) {
            throw new IllegalStateException("save answered " + r.outcome() + ": " + r.shortBody());
        }
        return Json.str(r.json(), "data", "project_id");
    }

    private static String sample(String stage, String reason) {
        return "projects_dead_letters_total{reason=\"" + reason + "\",stage=\"" + stage + "\"}";
    }

    private static boolean is(TopicRecords.Rec r, String stage, String reason) {
        return stage.equals(r.headers().get("dlq-stage")) && reason.equals(r.headers().get("dlq-reason"));
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        p.put("max.block.ms", (int) Duration.ofSeconds(30).toMillis());
        return new KafkaProducer<>(p);
    }
}
