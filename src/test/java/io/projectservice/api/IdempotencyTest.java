package io.projectservice.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.projectservice.errors.Refusal;
import io.projectservice.idempotency.IdempotencyKeys;
import io.projectservice.projects.CommandContext;
import io.projectservice.projects.ProjectCommands;
import io.projectservice.security.Caller;
import io.projectservice.support.Api;
import io.projectservice.support.EventLog;
import io.projectservice.support.StoredRows;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Idempotency-Key on POST: a retry with the same key and body answers the first response and
 * appends nothing, through any spelling of the same route; another body with the key is a 422;
 * failures are not remembered; keys expire; concurrent duplicates append once.
 */
@QuarkusTest
class IdempotencyTest {
    private static final String WS = "idem-ws";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Inject
    EventLog log;

    @Inject
    StoredRows stored;

    @Inject
    IdempotencyKeys keys;

    @Inject
    ProjectCommands commands;

    @ParameterizedTest
    @EnumSource(Api.class)
    void aRetryAnswersTheFirstResponseAndAppendsNothing(Api api) {
        String user = "ida-" + api.ordinal();
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("project", Map.of("name", "Once", "description", "only once"));
        long before = log.count();
        ExtractableResponse<Response> first = Api.as(user, "acme").header("Idempotency-Key", key).body(body)
                .post(api.path(user, "acme", WS, "save")).then().statusCode(200)
                .header("Idempotent-Replayed", nullValue()).extract();
        String id = first.path("data.project_id");
        for (Api spelling : List.of(api, twin(api))) {
            ExtractableResponse<Response> retry = Api.as(user, "acme").header("Idempotency-Key", key).body(body)
                    .post(spelling.path(user, "acme", WS, "save")).then().statusCode(200)
                    .header("Idempotent-Replayed", "true").header("ETag", "\"1\"").extract();
            assertEquals(json(first), json(retry), "the retry answers the first response");
        }
        assertEquals(before + 1, log.count(), "a retried save appended again");
        assertEquals(List.of("ProjectCreated"), log.types(id));

        Api.as(user, "acme").header("Idempotency-Key", key)
                .body(Map.of("project", Map.of("name", "Once", "description", "changed my mind")))
                .post(api.path(user, "acme", WS, "save")).then().statusCode(422)
                .body("status", equalTo("error")).body("data", nullValue())
                .body("message", containsString("different request"));
        assertEquals(before + 1, log.count());

        // every POST: a snapshot and a template import, each retried
        String snapshotKey = UUID.randomUUID().toString();
        for (int i = 0; i < 2; i++) {
            Api.as(user, "acme").header("Idempotency-Key", snapshotKey).body(Map.of("project_id", id))
                    .post(api.path(user, "acme", WS, "snapshots/create")).then().statusCode(200);
        }
        assertEquals(List.of("ProjectCreated", "SnapshotCreated"), log.types(id));
        String templateKey = UUID.randomUUID().toString();
        Set<String> made = new HashSet<>();
        for (int i = 0; i < 2; i++) {
            made.add(Api.as(user, "acme").header("Idempotency-Key", templateKey)
                    .body(Map.of("template_id", "builtin.customer-360"))
                    .post(api.path(user, "acme", WS, "import-template")).then().statusCode(200)
                    .extract().path("data.id"));
        }
        assertEquals(1, made.size());
        assertEquals(before + 3, log.count());
    }

    /** A key is the caller's own (user and organization) and names one request on one route. */
    @Test
    void keysBelongToTheirCallerAndTheirRoute() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("project", Map.of("name", "Keyed"));
        String annId = Api.as("ann", "acme").header("Idempotency-Key", key).body(body)
                .post(Api.SELF_HOSTED_SEED.path("ann", "acme", WS, "save")).then().statusCode(200)
                .extract().path("data.project_id");
        Set<String> ids = new HashSet<>(Set.of(annId));
        for (String[] other : new String[][] {{"bob", "acme"}, {"ann", "other"}}) {
            long before = log.count();
            String id = Api.as(other[0], other[1]).header("Idempotency-Key", key).body(body)
                    .post(Api.SELF_HOSTED_SEED.path(other[0], other[1], WS, "save")).then().statusCode(200)
                    .header("Idempotent-Replayed", nullValue())
                    .extract().path("data.project_id");
            assertEquals(before + 1, log.count(), other[0] + "/" + other[1] + "'s request ran as its own");
            ids.add(id);
            Api.as(other[0], other[1]).queryParam("project_id", id).get(Api.SELF_HOSTED_SEED.path(other[0], other[1],
                    WS, "load")).then().statusCode(200).body("data.author", equalTo(other[0]));
        }
        assertEquals(3, ids.size(), "three callers, three projects");
        stored.unchangedBy("the key sent again on another route, another workspace, another body", () -> {
            Api.as("ann", "acme").header("Idempotency-Key", key).body(Map.of("project_id", annId))
                    .post(Api.SELF_HOSTED_SEED.path("ann", "acme", WS, "snapshots/create")).then().statusCode(422)
                    .body("message", containsString("different request"));
            Api.as("ann", "acme").header("Idempotency-Key", key).body(body)
                    .post(Api.SELF_HOSTED_SEED.path("ann", "acme", WS + "-2", "save")).then().statusCode(422);
            Api.as("ann", "acme").header("Idempotency-Key", key).body(Map.of("project", Map.of("name", "Other")))
                    .post(Api.HOSTED_SEED.path("ann", "acme", WS, "save")).then().statusCode(422);
            // the first request, again: its own answer
            Api.as("ann", "acme").header("Idempotency-Key", key).body(body)
                    .post(Api.HOSTED_SEED.path("ann", "acme", WS, "save")).then().statusCode(200)
                    .header("Idempotent-Replayed", "true").body("data.project_id", equalTo(annId));
        });
    }

    @Test
    void concurrentDuplicatesAppendOnce() throws Exception {
        String key = UUID.randomUUID().toString();
        long before = log.count();
        int clients = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<CompletableFuture<String>> saves = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                saves.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return Api.as("idc", "acme").header("Idempotency-Key", key)
                            .body(Map.of("project", Map.of("name", "Raced")))
                            .post(Api.SELF_HOSTED_NEW.path("idc", "acme", WS, "save"))
                            .then().statusCode(200).extract().<String>path("data.project_id");
                }, pool));
            }
            start.countDown();
            Set<String> ids = new HashSet<>();
            for (var s : saves) {
                ids.add(s.get());
            }
            assertEquals(1, ids.size(), "every duplicate got the first response");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(before + 1, log.count(), "concurrent duplicates appended more than once");
    }

    @Test
    void aFailureIsNotRememberedAndLargeBodiesAreCompared() {
        String path = Api.SELF_HOSTED_SEED.path("idf", "acme", WS, "save");
        String key = UUID.randomUUID().toString();
        long before = log.count();
        Api.as("idf", "acme").header("Idempotency-Key", key).body(Map.of("project", Map.of("description", "no name")))
                .post(path).then().statusCode(400);
        // the failed request appended nothing and holds nothing: the corrected retry runs
        String id = Api.as("idf", "acme").header("Idempotency-Key", key).body(Map.of("project", Map.of("name", "Fixed")))
                .post(path).then().statusCode(200).header("Idempotent-Replayed", nullValue())
                .extract().path("data.project_id");
        assertEquals(before + 1, log.count());

        // bodies past the server's input buffer are streamed, and still compared whole
        String bigKey = UUID.randomUUID().toString();
        String description = "x".repeat(15_000);
        Api.as("idf", "acme").header("Idempotency-Key", bigKey)
                .body(Map.of("project", Map.of("id", id, "description", description))).post(path)
                .then().statusCode(200).body("data.version", equalTo(2));
        Api.as("idf", "acme").header("Idempotency-Key", bigKey)
                .body(Map.of("project", Map.of("id", id, "description", description))).post(path)
                .then().statusCode(200).header("Idempotent-Replayed", "true");
        Api.as("idf", "acme").header("Idempotency-Key", bigKey)
                .body(Map.of("project", Map.of("id", id, "description", description + "y"))).post(path)
                .then().statusCode(422);
        assertEquals(before + 2, log.count());

        Api.as("idf", "acme").header("Idempotency-Key", "k".repeat(256)).body(Map.of("project", Map.of("name", "x")))
                .post(path).then().statusCode(400).body("data", nullValue());
    }

    @Test
    void keysExpireAfterTheConfiguredTime() {
        String path = Api.SELF_HOSTED_NEW.path("ide", "acme", WS, "save");
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("project", Map.of("name", "Expiring"));
        String first = Api.as("ide", "acme").header("Idempotency-Key", key).body(body).post(path)
                .then().statusCode(200).extract().path("data.project_id");
        // the test profile keeps keys for an hour
        assertEquals(3600.0, log.rows("SELECT extract(epoch FROM expires_at - claimed_at)::float8 FROM idempotency_keys"
                + " WHERE username = 'ide' AND key = $1", key).get(0).getDouble(0), 0.5);

        log.rows("UPDATE idempotency_keys SET expires_at = now() - interval '1 second'"
                + " WHERE username = 'ide' AND key = $1 RETURNING key", key);
        String second = Api.as("ide", "acme").header("Idempotency-Key", key).body(body).post(path)
                .then().statusCode(200).header("Idempotent-Replayed", nullValue()).extract().path("data.project_id");
        assertNotEquals(first, second, "an expired key is a new request");

        log.rows("UPDATE idempotency_keys SET expires_at = now() - interval '1 second'"
                + " WHERE username = 'ide' AND key = $1 RETURNING key", key);
        int deleted = keys.deleteExpired().await().atMost(Duration.ofSeconds(10));
        assertEquals(0, log.rows("SELECT 1 FROM idempotency_keys WHERE username = 'ide' AND key = $1", key).size());
        assertEquals(true, deleted >= 1);
    }

    @Test
    void aStaleClaimIsTakenOverOnlyIfItCommittedNothing() {
        String path = Api.SELF_HOSTED_SEED.path("ids", "acme", WS, "save");
        Map<String, Object> body = Map.of("project", Map.of("name", "Stale"));

        // an owner that died before committing: the retry takes over and runs
        String key = UUID.randomUUID().toString();
        String first = Api.as("ids", "acme").header("Idempotency-Key", key).body(body).post(path)
                .then().statusCode(200).extract().path("data.project_id");
        pretendOwnerDied(key, false);
        long before = log.count();
        String second = Api.as("ids", "acme").header("Idempotency-Key", key).body(body).post(path)
                .then().statusCode(200).header("Idempotent-Replayed", nullValue()).extract().path("data.project_id");
        assertNotEquals(first, second);
        assertEquals(before + 1, log.count());

        // an owner that died after committing: never run twice
        pretendOwnerDied(key, true);
        before = log.count();
        Api.as("ids", "acme").header("Idempotency-Key", key).body(body).post(path)
                .then().statusCode(409).body("status", equalTo("conflict"))
                .body("message", containsString("response was lost"));
        assertEquals(before, log.count());
    }

    @Test
    void aRequestWhoseKeyWasTakenOverCannotCommit() {
        var claimed = (IdempotencyKeys.Claimed) keys.acquire("idg", "acme", "guarded", "hash")
                .await().atMost(Duration.ofSeconds(10));
        log.rows("UPDATE idempotency_keys SET owner = $1 WHERE username = 'idg' AND key = 'guarded' RETURNING key",
                UUID.randomUUID());
        CommandContext req = new CommandContext(new Caller("idg", "acme", Set.of()), WS, "r-1", claimed.claim());
        long before = log.count();
        Refusal e = assertThrows(Refusal.class, () -> commands.save(req,
                new ProjectCommands.Save(null, "Late", null, null, null, null)).await().atMost(Duration.ofSeconds(10)));
        assertEquals(409, ErrorMapping.status(e.kind()));
        assertEquals("idempotency_taken_over", e.code());
        assertEquals(before, log.count());
    }

    private static JsonNode json(ExtractableResponse<Response> response) {
        try {
            return MAPPER.readTree(response.asString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void pretendOwnerDied(String key, boolean committed) {
        log.rows("UPDATE idempotency_keys SET status = NULL, body = NULL, committed = $2,"
                + " claimed_at = now() - interval '2 minutes' WHERE username = 'ids' AND key = $1 RETURNING key",
                key, committed);
    }

    /** Another spelling (prefix or family) of the same canonical route. */
    private static Api twin(Api api) {
        return switch (api) {
            case SELF_HOSTED_SEED -> Api.HOSTED_SEED;
            case HOSTED_SEED -> Api.SELF_HOSTED_SEED;
            case SELF_HOSTED_NEW -> Api.HOSTED_NEW;
            case HOSTED_NEW -> Api.SELF_HOSTED_NEW;
            case SELF_HOSTED_ONTOLOGIES -> Api.HOSTED_NEW;
            case HOSTED_ONTOLOGIES_WS -> Api.SELF_HOSTED_SEED;
        };
    }
}
