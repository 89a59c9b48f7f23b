package io.projectservice.projects;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.projectservice.config.ServiceConfig;
import io.projectservice.support.Api;
import io.projectservice.support.EventLog;
import io.projectservice.support.LargeBundles;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An event larger than the pipeline carries is refused when it is written, with a 413 that says
 * so, and nothing is committed: the size is the event's as stored (what the relay would send),
 * not the request's, so a small body that grows when stored is refused too.
 */
@QuarkusTest
class EventSizeLimitTest {
    private static final String WS = "event-size";
    private static final String TOO_LARGE = "The project would exceed the largest change the service can store and publish";

    @Inject
    EventLog log;

    @Inject
    ServiceConfig config;

    @Test
    void anImportWhoseEventWouldBeTooLargeIsRefusedAndNothingIsWritten() {
        int limit = config.pipeline().maxEventBytes();
        long events = log.count();
        long streams = streams();
        Api.as("ann", "acme").body(LargeBundles.of("Too large", limit + 500_000))
                .post(Api.SELF_HOSTED_SEED.path("ann", "acme", WS, "import-project"))
                .then().statusCode(413).body("status", equalTo("error")).body("data", nullValue())
                .body("message", startsWith(TOO_LARGE));
        // 30,000 numbers of six characters: a body of 200 KB, an event of 9 MB as stored
        Api.as("ann", "acme").body(LargeBundles.amplified("Grows when stored", 30_000))
                .post(Api.SELF_HOSTED_SEED.path("ann", "acme", WS, "import-project"))
                .then().statusCode(413).body("message", startsWith(TOO_LARGE));
        assertEquals(events, log.count(), "no event appended");
        assertEquals(streams, streams(), "no project created");
        // a large import within the limit goes through
        Api.as("ann", "acme").body(LargeBundles.of("Within the limit", limit - 500_000))
                .post(Api.SELF_HOSTED_SEED.path("ann", "acme", WS, "import-project"))
                .then().statusCode(200);
        assertEquals(events + 1, log.count());
    }

    @Test
    void aWorkspaceImportReportsTheProjectThatIsTooLargeAndImportsTheOthers() {
        Map<?, ?> large = (Map<?, ?>) LargeBundles.of("Too large", config.pipeline().maxEventBytes() + 500_000)
                .get("export_data");
        Map<?, ?> small = (Map<?, ?>) LargeBundles.of("Small", 10_000).get("export_data");
        long events = log.count();
        Api.as("ann", "acme").body(Map.of("export_data", Map.of("projects", Map.of("large", large, "small", small))))
                .post(Api.SELF_HOSTED_SEED.path("ann", "acme", WS, "import-workspace"))
                .then().statusCode(200)
                .body("data.summary.imported", equalTo(1)).body("data.summary.failed", equalTo(1))
                .body("data.projects_failed.large.error", startsWith(TOO_LARGE));
        assertEquals(events + 1, log.count(), "only the small project's event");
    }

    private long streams() {
        return log.rows("SELECT count(*) FROM project_streams").get(0).getLong(0);
    }
}
