package io.projectservice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.projectservice.readmodel.ReadModelRebuild;
import io.projectservice.support.EventLog;
import io.projectservice.support.Projects;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code rebuild-read-model} argument of the service's entry point (what
 * deploy/local/rebuild-read-model.sh and the Kubernetes Job run), against the test database: a
 * damaged list view comes back as the log says, row for row; an unknown command exits 2.
 */
@QuarkusTest
class RebuildCommandTest {
    private static final Projects REX = Projects.of("rex", "acme", "rebuild-ws");

    @Inject
    ReadModelRebuild rebuild;

    @Inject
    EventLog log;

    @Test
    void theRebuildCommandRestoresADamagedViewFromTheLog() {
        String renamed = REX.save(Map.of("name", "Before", "metadata", Map.of("k", 1)));
        REX.update(renamed, Map.of("name", "After", "description", "second"));
        String deleted = REX.create("Deleted");
        REX.cleanup(deleted, null).then().statusCode(200);
        String shared = REX.save(Map.of("name", "Shared", "scope", "organization"));
        REX.request().get(REX.path("list")).then().statusCode(200); // the view covers the log now

        log.rows("DELETE FROM project_list_view WHERE project_id = $1 RETURNING 1", renamed);
        log.rows("UPDATE project_list_view SET deleted = false, name = 'resurrected' WHERE project_id = $1"
                + " RETURNING 1", deleted);
        log.rows("UPDATE project_list_view SET name = 'wrong', version = 9 WHERE project_id = $1 RETURNING 1", shared);

        log.rows("INSERT INTO project_list_view (project_id, workspace_id, scope, author, name, updated_at, version)"
                + " VALUES ('rebuild-ghost', 'rebuild-ws', 'user', 'rex', 'no such stream', now(), 1) RETURNING 1");

        Main command = new Main();
        command.rebuild = rebuild;
        assertEquals(0, command.run("rebuild-read-model"));

        assertEquals("After|second|{\"k\": 1}|user|rex|2|false", row(renamed));
        assertEquals("Deleted||{}|user|rex|2|true", row(deleted));
        assertEquals("Shared||{}|organization|rex|1|false", row(shared));
        assertEquals(0, log.rows("SELECT 1 FROM project_list_view WHERE project_id = 'rebuild-ghost'").size(),
                "a row without a stream is gone");
        assertEquals(0, log.rows("SELECT 1 FROM project_streams s LEFT JOIN project_list_view v"
                + " ON v.project_id = s.stream_id WHERE v.version IS DISTINCT FROM s.version").size(),
                "every stream's head is in the view");

        assertEquals(2, command.run("rebuild-everything"), "an unknown command");
        assertEquals(2, command.run("rebuild-read-model", "now"), "extra arguments");
    }

    private String row(String id) {
        Row r = log.rows("SELECT name, coalesce(description, ''), metadata::text, scope, author, version, deleted"
                + " FROM project_list_view WHERE project_id = $1", id).get(0);
        return r.getString(0) + "|" + r.getString(1) + "|" + r.getString(2) + "|" + r.getString(3) + "|"
                + r.getString(4) + "|" + r.getInteger(5) + "|" + r.getBoolean(6);
    }
}
