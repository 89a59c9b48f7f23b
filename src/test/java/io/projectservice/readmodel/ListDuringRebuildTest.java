package io.projectservice.readmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.projectservice.pipeline.RelayCheckpoints;
import io.projectservice.support.Await;
import io.projectservice.support.EventLog;
import io.projectservice.support.Projects;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code list} answers throughout a read-model rebuild: a client that saves and lists, one request
 * after another, while the rebuild folds a log of {@value #BULK} projects, gets 200 every time,
 * never an empty page, and lists its own save (a list marked stale, allowed on a busy machine, is
 * counted: every list during the rebuild stale is the failure, the downtime of a rebuild that locks
 * the live view and holds the relay back until it commits). Afterwards the view is the log's.
 */
@QuarkusTest
class ListDuringRebuildTest {
    /** Projects written straight into the log, as already published, so the rebuild has a while to work. */
    private static final int BULK = 50_000;
    private static final String BULK_PREFIX = "ldr-bulk-";

    @Inject
    ReadModelRebuild rebuild;

    @Inject
    EventLog log;

    @Inject
    Pool pool;

    @Test
    void listAnswersEveryRequestWhileTheViewIsRebuilt() throws Exception {
        Projects client = Projects.of("ldr", "acme", "ldr-ws");
        String first = client.create("Before the rebuild");
        Await.until("the first project listed", Duration.ofSeconds(30), () -> client.request()
                .get(client.path("list")).then().statusCode(200).extract().header("X-View-Stale") == null);
        writeBulkAsPublished();

        CompletableFuture<ReadModelRebuild.Result> running = rebuild.rebuild().subscribeAsCompletionStage();
        List<String> problems = new ArrayList<>();
        int lists = 0;
        int stale = 0;
        while (!running.isDone()) {
            String id = client.create("During the rebuild " + lists);
            var list = client.request().queryParam("limit", 1000).get(client.path("list")).then().extract();
            lists++;
            if (list.statusCode() != 200) {
                problems.add("list " + lists + ": status " + list.statusCode() + " " + list.body().asString());
                continue;
            }
            List<String> ids = list.path("data.id");
            if (ids == null || ids.isEmpty()) {
                problems.add("list " + lists + ": an empty page");
            } else if (!ids.contains(first)) {
                problems.add("list " + lists + ": the project saved before the rebuild is missing");
            }
            if (list.header("X-View-Stale") != null) {
                stale++;
            } else if (ids == null || !ids.contains(id)) {
                problems.add("list " + lists + ": not marked stale, and misses the save just made");
            }
        }
        ReadModelRebuild.Result result = running.get(5, TimeUnit.MINUTES);
        assertTrue(lists > 0, "the rebuild ended before the client listed once: make BULK larger");
        assertEquals(List.of(), problems);
        assertTrue(stale < lists, "every one of the " + lists + " lists during the rebuild was stale");
        assertTrue(result.projects() >= BULK, "projects folded: " + result.projects());

        assertEquals(0, log.rows("SELECT 1 FROM project_streams s LEFT JOIN project_list_view v"
                + " ON v.project_id = s.stream_id WHERE v.version IS DISTINCT FROM s.version").size(),
                "every stream's head is in the new view");
        assertNotNull(log.rows("SELECT to_regclass('project_list_view')").get(0).getValue(0));
        assertEquals(null, log.rows("SELECT to_regclass('list_rebuild.project_list_view')::text").get(0).getString(0),
                "the copy became the live view");
        var after = client.request().queryParam("limit", 1000).get(client.path("list")).then().statusCode(200)
                .extract();
        List<String> ids = after.path("data.id");
        assertEquals(lists + 1, ids.size(), "every project of the client, once");
        assertFalse(ids.contains(null));
    }

    /**
     * {@value #BULK} projects of two events each, written into the log in one statement that also
     * moves the relay's checkpoint past them: only the rebuild reads them (as in bench/run.sh). The
     * relay has published everything before, so no event of another transaction is passed over.
     */
    private void writeBulkAsPublished() {
        Await.until("the relay has published every event", Duration.ofSeconds(60), () -> log.rows(
                "SELECT NOT EXISTS (" + RelayCheckpoints.unpublishedEvents("1") + ")").get(0).getBoolean(0));
        bulk("""
                WITH streams AS (INSERT INTO project_streams (stream_id, version, workspace_id, scope, author,
                  organization, deleted)
                  SELECT $2::text || s, 2, 'ldr-bulk', 'user', 'bulk', 'acme', false FROM generate_series(1, $1) AS s
                  RETURNING 1),
                events AS (INSERT INTO project_events (event_id, stream_id, version, type, data, metadata)
                  SELECT gen_random_uuid(), $2::text || s, v, CASE WHEN v = 1 THEN 'ProjectCreated' ELSE 'ProjectUpdated' END,
                  CASE WHEN v = 1 THEN jsonb_build_object('id', $2::text || s, 'workspace_id', 'ldr-bulk', 'scope', 'user',
                    'author', 'bulk', 'organization', 'acme', 'content', jsonb_build_object('name', 'Bulk ' || s))
                  ELSE jsonb_build_object('changes', jsonb_build_object('description', 'second')) END,
                  jsonb_build_object('actor', 'bulk', 'workspace_id', 'ldr-bulk', 'incarnation', 1,
                    'incarnation_start', 1)
                  FROM generate_series(1, $1) AS s CROSS JOIN generate_series(1, 2) AS v ORDER BY s, v
                  RETURNING global_position)
                UPDATE relay_checkpoints SET last_tx_id = pg_current_xact_id(),
                  last_position = (SELECT max(global_position) FROM events)
                WHERE name = 'events' AND (SELECT count(*) FROM streams) = $1""", BULK, BULK_PREFIX);
    }

    /** The bulk leaves the log and the view, so later tests of the run do not fold it again. */
    @AfterEach
    void removeBulk() {
        bulk("DELETE FROM project_list_view WHERE project_id LIKE $1::text || '%'", BULK_PREFIX);
        bulk("DELETE FROM project_events WHERE stream_id LIKE $1::text || '%'", BULK_PREFIX);
        bulk("DELETE FROM project_streams WHERE stream_id LIKE $1::text || '%'", BULK_PREFIX);
    }

    /** A statement over the whole bulk: given longer than EventLog's bound on a busy machine. */
    private void bulk(String sql, Object... params) {
        pool.preparedQuery(sql).execute(Tuple.from(params)).await().atMost(Duration.ofMinutes(3));
    }
}
