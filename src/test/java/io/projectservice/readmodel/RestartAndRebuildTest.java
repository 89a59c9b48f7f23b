package io.projectservice.readmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.projectservice.pipeline.EventRelay;
import io.projectservice.support.Api;
import io.projectservice.support.Await;
import io.projectservice.support.EventLog;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Relay and projector stopped and restarted mid-stream: the view converges to exactly what a
 * fresh rebuild from the log produces, one row per project.
 */
@QuarkusTest
class RestartAndRebuildTest {
    private static final String WS = "restart-ws";

    @Inject
    EventRelay relay;

    @Inject
    ListProjector projector;

    @Inject
    ReadModelRebuild rebuild;

    @Inject
    EventLog log;

    @Test
    void viewAfterRestartsEqualsAFreshRebuild() {
        String save = Api.SELF_HOSTED_SEED.path("rita", "acme", WS, "save");
        List<String> ids = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            // stop one side or the other while writes go on, then bring it back
            if (round % 2 == 0) {
                relay.stop();
            } else {
                projector.stop();
            }
            for (int i = 0; i < 40; i++) {
                if (i % 3 == 0 || ids.isEmpty()) {
                    ids.add(Api.as("rita", "acme").body(Map.of("project", Map.of("name", "R" + round + "-" + i)))
                            .post(save).then().statusCode(200).extract().path("data.project_id"));
                } else {
                    Api.as("rita", "acme").body(Map.of("project", Map.of("id", ids.get(i % ids.size()),
                            "metadata", Map.of("round", round, "i", i)))).post(save).then().statusCode(200);
                }
            }
            Api.as("rita", "acme").body(Map.of("project", Map.of("id", ids.remove(0))))
                    .post(Api.SELF_HOSTED_SEED.path("rita", "acme", WS, "cleanup")).then().statusCode(200);
            relay.start();
            projector.start();
        }
        try {
            Await.until("the view covers the whole log", Duration.ofSeconds(60), this::viewCoversLog);
        } catch (AssertionError e) {
            List<String> lagging = new ArrayList<>();
            log.rows("SELECT s.stream_id || ' log v' || s.version || ' view v' || coalesce(v.version, 0)"
                    + " FROM project_streams s LEFT JOIN project_list_view v ON v.project_id = s.stream_id"
                    + " WHERE v.version IS DISTINCT FROM s.version LIMIT 10").forEach(r -> lagging.add(r.getString(0)));
            throw new AssertionError(e.getMessage() + "; lagging: " + lagging, e);
        }
        List<String> live = snapshotOfView();
        assertEquals(log.rows("SELECT count(*) FROM project_streams").get(0).getLong(0).intValue(), live.size(),
                "one view row per stream");

        var result = rebuild.rebuild().await().atMost(Duration.ofMinutes(1));
        assertEquals(live.size(), (int) result.projects());
        assertEquals(live, snapshotOfView(), "the live view differs from a rebuild from the log");
    }

    private boolean viewCoversLog() {
        return log.rows("SELECT NOT EXISTS (SELECT 1 FROM project_streams s LEFT JOIN project_list_view v"
                + " ON v.project_id = s.stream_id WHERE v.version IS DISTINCT FROM s.version)").get(0).getBoolean(0);
    }

    private List<String> snapshotOfView() {
        List<String> rows = new ArrayList<>();
        log.rows("SELECT row(v.*)::text FROM project_list_view v ORDER BY project_id")
                .forEach(r -> rows.add(r.getString(0)));
        return rows;
    }
}
