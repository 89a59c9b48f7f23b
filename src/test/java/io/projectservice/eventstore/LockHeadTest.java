package io.projectservice.eventstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.projectservice.projects.ProjectEvents;
import io.projectservice.support.Api;
import io.projectservice.support.Await;
import io.projectservice.support.EventLog;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * lockHead is one statement (lock_stream_head, migration V8) and append one more: a writer that
 * waited for a stream's lock reads the head its predecessor committed, and an append on a head
 * that moved inserts nothing.
 */
@QuarkusTest
class LockHeadTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Pool pool;

    @Inject
    EventStore store;

    @Inject
    EventLog log;

    @Test
    void aWriterThatWaitedForTheLockReadsTheCommittedHead() {
        String id = Api.as("ann", "acme").body(Map.of("project", Map.of("name", "Locked")))
                .post(Api.SELF_HOSTED_SEED.path("ann", "acme", "locks", "save"))
                .then().statusCode(200).extract().path("data.project_id");
        SqlConnection first = pool.getConnection().await().atMost(WAIT);
        SqlConnection second = pool.getConnection().await().atMost(WAIT);
        try {
            first.query("BEGIN").execute().await().atMost(WAIT);
            StreamHead head = store.lockHead(first, id).await().atMost(WAIT);
            assertEquals(1, head.version());
            store.append(first, head.advancedTo(2, false), 1, List.of(ProjectEvents.updated(
                    JsonNodeFactory.instance.objectNode().put("description", "first"))),
                    JsonNodeFactory.instance.objectNode()).await().atMost(WAIT);

            int secondPid = second.query("SELECT pg_backend_pid()").execute().await().atMost(WAIT).iterator().next()
                    .getInteger(0);
            second.query("BEGIN").execute().await().atMost(WAIT);
            Uni<StreamHead> waiting = store.lockHead(second, id).memoize().indefinitely();
            waiting.subscribe().with(x -> { }, e -> { });
            // the second statement started (its snapshot would be older than the commit below) and waits
            Await.until("the second writer waits for the lock", WAIT, () -> log.rows("SELECT count(*) FROM pg_locks"
                    + " WHERE locktype = 'advisory' AND NOT granted AND pid = $1", secondPid).get(0).getLong(0) == 1);
            first.query("COMMIT").execute().await().atMost(WAIT);

            StreamHead seen = waiting.await().atMost(WAIT);
            assertEquals(2, seen.version(), "the head read after the lock missed the commit it waited for");

            // an append from the stale version 1 moves nothing and inserts nothing
            assertThrows(VersionConflictException.class, () -> store.append(second, seen.advancedTo(2, false), 1,
                    List.of(ProjectEvents.updated(JsonNodeFactory.instance.objectNode().put("description", "stale"))),
                    JsonNodeFactory.instance.objectNode()).await().atMost(WAIT));
            second.query("ROLLBACK").execute().await().atMost(WAIT);
            assertEquals(List.of(1, 2), log.versions(id));
        } finally {
            for (SqlConnection c : List.of(first, second)) {
                c.query("ROLLBACK").execute().onFailure().recoverWithNull().await().atMost(WAIT);
                c.close().await().atMost(WAIT);
            }
        }
    }
}
