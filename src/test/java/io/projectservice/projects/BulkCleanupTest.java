package io.projectservice.projects;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.projectservice.config.ServiceConfig;
import io.projectservice.support.Api;
import io.projectservice.support.Await;
import io.projectservice.support.EventLog;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * cleanup without an id: deleted in transactions of at most cleanup-chunk-size projects (5 in
 * tests), at most cleanup-max-projects per request (30 in tests) with the rest reported, and
 * never at the expense of a save acknowledged meanwhile.
 */
@QuarkusTest
class BulkCleanupTest {
    private static final String WS = "bulk";
    private static final String ORG = "acme";

    @Inject
    EventLog log;

    @Inject
    ServiceConfig config;

    private record Ack(String id, int version, String description) {
    }

    @Test
    void aChunkThatFailsKeepsTheChunksBeforeItAndTheSameRequestDeletesTheRest() {
        int chunk = config.limits().cleanupChunkSize();
        String user = "bulk-failing-" + System.nanoTime();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3 * chunk; i++) {
            ids.add(Api.as(user, ORG).body(Map.of("project", Map.of("name", "p" + i)))
                    .post(Api.SELF_HOSTED_SEED.path(user, ORG, WS, "save")).then().statusCode(200).extract()
                    .path("data.project_id"));
        }
        // the third chunk (ids in order) cannot be deleted: PostgreSQL refuses one of its events
        String poisoned = ids.stream().sorted().toList().get(2 * chunk);
        log.rows("CREATE FUNCTION refuse_deletion_in_test() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " IF NEW.type = 'ProjectDeleted' AND NEW.stream_id = '" + poisoned + "' THEN"
                + " RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$");
        log.rows("CREATE TRIGGER refuse_deletion_in_test BEFORE INSERT ON project_events"
                + " FOR EACH ROW EXECUTE FUNCTION refuse_deletion_in_test()");
        String cleanup = Api.SELF_HOSTED_SEED.path(user, ORG, WS, "cleanup");
        try {
            Api.as(user, ORG).body(Map.of("project", Map.of("scope", "user"))).post(cleanup)
                    .then().statusCode(500).body("data", nullValue())
                    .body("message", equalTo("Unexpected error after " + 2 * chunk + " of the " + 3 * chunk
                            + " projects were deleted; those deletions are kept. Send the same request again to"
                            + " delete the rest"));
        } finally {
            log.rows("DROP TRIGGER refuse_deletion_in_test ON project_events");
            log.rows("DROP FUNCTION refuse_deletion_in_test()");
        }
        long deleted = ids.stream().filter(id -> log.types(id).contains("ProjectDeleted")).count();
        assertEquals(2 * chunk, deleted, "the chunks before the failure stay deleted");
        Api.as(user, ORG).body(Map.of("project", Map.of("scope", "user"))).post(cleanup)
                .then().statusCode(200).body("data.deleted_count", equalTo(chunk)).body("data.remaining", equalTo(0));
    }

    @Test
    void aCleanupOfAllDeletesInBoundedChunksSaysWhatRemainsAndLosesNoConcurrentSave() throws Exception {
        int max = config.limits().cleanupMaxProjects();
        int chunk = config.limits().cleanupChunkSize();
        int total = max + 10;
        String user = "bulk-" + System.nanoTime();
        String path = Api.SELF_HOSTED_SEED.path(user, ORG, WS, "save");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            ids.add(Api.as(user, ORG).body(Map.of("project", Map.of("name", "p" + i))).post(path)
                    .then().statusCode(200).extract().path("data.project_id"));
        }

        AtomicBoolean stop = new AtomicBoolean();
        Queue<Ack> acks = new ConcurrentLinkedQueue<>();
        Queue<Integer> statuses = new ConcurrentLinkedQueue<>();
        ExecutorService savers = Executors.newFixedThreadPool(4);
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int saver = t;
            running.add(savers.submit(() -> {
                for (int n = 0; !stop.get(); n++) {
                    String id = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
                    String description = "saver " + saver + " save " + n;
                    Response r = Api.as(user, ORG).body(Map.of("project", Map.of("id", id, "description",
                            description))).post(path);
                    statuses.add(r.statusCode());
                    if (r.statusCode() == 200) {
                        acks.add(new Ack(id, r.path("data.version"), description));
                    }
                }
            }));
        }
        try {
            Await.until("saves are acknowledged", Duration.ofSeconds(30), () -> acks.size() >= 10);
            String cleanup = Api.SELF_HOSTED_SEED.path(user, ORG, WS, "cleanup");
            Api.as(user, ORG).body(Map.of("project", Map.of("scope", "user"))).post(cleanup)
                    .then().statusCode(200)
                    .body("data.deleted_count", equalTo(max))
                    .body("data.deleted", hasSize(max))
                    .body("data.remaining", equalTo(10))
                    .body("message", equalTo("Deleted " + max + " of the user projects; 10 remain (a request deletes"
                            + " at most " + max + ", and projects saved meanwhile stay): send the same request again"
                            + " to delete them"));
            Api.as(user, ORG).body(Map.of("project", Map.of("scope", "user"))).post(cleanup)
                    .then().statusCode(200)
                    .body("data.deleted_count", equalTo(10))
                    .body("data.remaining", equalTo(0))
                    .body("message", equalTo("All user's projects deleted successfully"));
        } finally {
            stop.set(true);
            for (Future<?> f : running) {
                f.get();
            }
            savers.shutdown();
        }

        assertTrue(statuses.stream().noneMatch(s -> s >= 500), "a save answered 5xx: " + statuses);
        // every acknowledged save is in the log as it was acknowledged, and before its project's deletion
        Map<String, Integer> lastAcked = new HashMap<>();
        for (Ack ack : acks) {
            Row event = log.rows("SELECT type, data->'changes'->>'description' FROM project_events"
                    + " WHERE stream_id = $1 AND version = $2", ack.id(), ack.version()).get(0);
            assertEquals("ProjectUpdated", event.getString(0), "the event at " + ack);
            assertEquals(ack.description(), event.getString(1), "the event at " + ack);
            lastAcked.merge(ack.id(), ack.version(), Math::max);
        }
        for (String id : ids) {
            List<String> types = log.types(id);
            assertEquals("ProjectDeleted", types.get(types.size() - 1), id + " is deleted");
            assertTrue(types.size() > lastAcked.getOrDefault(id, 1), id + " was deleted after its acknowledged saves");
        }
        // one transaction per chunk: none deleted more than a chunk's worth, so none held more locks
        List<Row> transactions = log.rows("SELECT tx_id::text, count(*) FROM project_events"
                + " WHERE type = 'ProjectDeleted' AND stream_id = ANY($1) GROUP BY tx_id", (Object) ids.toArray(String[]::new));
        assertTrue(transactions.stream().allMatch(r -> r.getLong(1) <= chunk), "a transaction deleted more than "
                + chunk + " projects");
        assertEquals(total, transactions.stream().mapToLong(r -> r.getLong(1)).sum());
        assertTrue(transactions.size() >= (max + chunk - 1) / chunk + (10 + chunk - 1) / chunk,
                transactions.size() + " transactions");
        assertTrue(acks.size() >= 10, acks.size() + " saves acknowledged");
    }
}
