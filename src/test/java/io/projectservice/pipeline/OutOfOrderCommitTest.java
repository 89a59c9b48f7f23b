package io.projectservice.pipeline;

import io.projectservice.eventstore.StreamHead;
import io.projectservice.eventstore.EventStore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.projectservice.projects.ProjectEvents;
import io.projectservice.projects.ProjectState;
import io.projectservice.projects.StreamAttributes;
import io.projectservice.support.Api;
import io.projectservice.support.Await;
import io.projectservice.support.EventLog;
import io.projectservice.support.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sequence-gap trap: a transaction takes a lower global position but commits after a
 * transaction with a higher one. A relay reading "everything after my last position" would skip
 * it; ours waits for it and publishes both.
 */
@QuarkusTest
class OutOfOrderCommitTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Pool pool;

    @Inject
    EventStore store;

    @Inject
    EventRelay relay;

    @Inject
    EventLog log;

    @Test
    void lateCommitOfALowerPositionIsNotSkipped() {
        String lateId = "late-" + System.nanoTime();
        SqlConnection held = pool.getConnection().await().atMost(WAIT);
        try {
            held.query("BEGIN").execute().await().atMost(WAIT);
            StreamAttributes attrs = new StreamAttributes(lateId, "ooo", "user", "ann", "acme");
            var content = new ProjectState().content().put("name", "late");
            store.append(held, new StreamHead(lateId, 1, "ooo", "user", "ann", "acme", false, null, null), 0,
                    List.of(ProjectEvents.created(attrs, content, null)),
                    JsonNodeFactory.instance.objectNode().put("workspace_id", "ooo")).await().atMost(WAIT);
            long latePosition = log.rows("SELECT last_value FROM project_events_global_position_seq")
                    .get(0).getLong(0);

            String earlyId = Api.as("ann", "acme").body(Map.of("project", Map.of("name", "early")))
                    .post(Api.SELF_HOSTED_SEED.path("ann", "acme", "ooo", "save"))
                    .then().statusCode(200).extract().path("data.project_id");
            long earlyPosition = log.rows("SELECT global_position FROM project_events WHERE stream_id = $1",
                    earlyId).get(0).getLong(0);
            assertTrue(earlyPosition > latePosition, "the committed event has the higher position");

            // let the relay run complete batches after the early commit: it must not move past the late one
            long batches = relay.batches();
            relay.wake();
            Await.until("two relay passes", WAIT, () -> relay.batches() >= batches + 2 || wake(relay));
            long checkpoint = log.rows("SELECT last_position FROM relay_checkpoints WHERE name = 'events'")
                    .get(0).getLong(0);
            assertTrue(checkpoint < latePosition, "the relay moved past an uncommitted lower position");

            held.query("COMMIT").execute().await().atMost(WAIT);
            try (TopicReader reader = new TopicReader("projects.events.v1")) {
                var records = reader.readUntil(seen -> seen.stream().anyMatch(r -> r.key().equals(lateId))
                        && seen.stream().anyMatch(r -> r.key().equals(earlyId)), Duration.ofSeconds(30));
                long skipped = List.of(lateId, earlyId).stream()
                        .filter(id -> records.stream().noneMatch(r -> r.key().equals(id))).count();
                assertEquals(0, skipped);
            }
        } finally {
            held.query("ROLLBACK").execute().onFailure().recoverWithNull().await().atMost(WAIT);
            held.close().await().atMost(WAIT);
        }
    }

    private static boolean wake(EventRelay relay) {
        relay.wake();
        return false;
    }
}
