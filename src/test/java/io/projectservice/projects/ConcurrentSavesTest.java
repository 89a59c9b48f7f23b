package io.projectservice.projects;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.projectservice.support.Api;
import io.projectservice.support.EventLog;
import io.projectservice.support.StoredRows;
import io.projectservice.support.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Concurrent writers of one project: every save lands, versions stay gapless, If-Match guards. */
@QuarkusTest
class ConcurrentSavesTest {
    private static final String WS = "concurrency";

    @Inject
    EventLog log;

    @Inject
    StoredRows stored;

    @Test
    void twentyConcurrentSavesLoseNoUpdate() throws Exception {
        String id = Api.as("ann", "acme").body(Map.of("project", Map.of("name", "Contended")))
                .post(Api.SELF_HOSTED_SEED.path("ann", "acme", WS, "save"))
                .then().statusCode(200).extract().path("data.project_id");
        int writers = 20;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<CompletableFuture<Integer>> saves = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                int n = i;
                saves.add(CompletableFuture.supplyAsync(() -> {
                    await(start);
                    // each writer changes its own metadata key on top of what it read: a lost update
                    // would show as a missing description among the events
                    return Api.as("ann", "acme").body(Map.of("project", Map.of("id", id,
                            "description", "writer " + n)))
                            .post(Api.SELF_HOSTED_SEED.path("ann", "acme", WS, "save"))
                            .then().statusCode(200).extract().<Integer>path("data.version");
                }, pool));
            }
            start.countDown();
            Set<Integer> versions = new HashSet<>();
            for (var s : saves) {
                versions.add(s.get());
            }
            assertEquals(writers, versions.size(), "two saves reported the same version");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(IntStream.rangeClosed(1, writers + 1).boxed().toList(), log.versions(id));
        Set<String> descriptions = new HashSet<>();
        log.rows("SELECT data->'changes'->>'description' FROM project_events WHERE stream_id = $1 AND version > 1",
                id).forEach(r -> descriptions.add(r.getString(0)));
        assertEquals(writers, descriptions.size(), "an update was lost or merged");

        // and subscribers get them in version order, although the writers raced
        try (TopicReader reader = new TopicReader("projects.events.v1")) {
            List<Integer> sequence = reader.readUntil(seen -> seen.stream().filter(r -> r.key().equals(id)).count()
                    >= writers + 1, Duration.ofSeconds(30)).stream().filter(r -> r.key().equals(id))
                    .map(r -> TopicReader.value(r).path("sequence").asInt()).toList();
            assertEquals(IntStream.rangeClosed(1, writers + 1).boxed().toList(), sequence);
        }
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void ifMatchAnswersConflictWhenTheProjectMovedOn(Api api) {
        String user = "ifm-" + api.ordinal();
        String path = api.path(user, "acme", WS, "save");
        String id = Api.as(user, "acme").body(Map.of("project", Map.of("name", "Guarded"))).post(path)
                .then().statusCode(200).header("ETag", "\"1\"").extract().path("data.project_id");
        Api.as(user, "acme").header("If-Match", "\"1\"")
                .body(Map.of("project", Map.of("id", id, "name", "Guarded v2"))).post(path)
                .then().statusCode(200).header("ETag", "\"2\"");
        String etag = Api.as(user, "acme").queryParam("project_id", id).get(api.path(user, "acme", WS, "load"))
                .then().statusCode(200).header("ETag", "\"2\"").extract().header("ETag");
        stored.unchangedBy("a save with a stale If-Match", () -> Api.as(user, "acme").header("If-Match", "\"1\"")
                .body(Map.of("project", Map.of("id", id, "name", "Stale write"))).post(path)
                .then().statusCode(409).body("status", equalTo("conflict")).body("data", nullValue()));
        // the ETag load answered is what a writer sends back
        Api.as(user, "acme").header("If-Match", etag)
                .body(Map.of("project", Map.of("id", id, "name", "Fresh write"))).post(path)
                .then().statusCode(200).header("ETag", "\"3\"");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
