package io.projectservice.readmodel;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.projectservice.pipeline.EventRelay;
import io.projectservice.support.Api;
import io.projectservice.support.Await;
import io.projectservice.support.EventLog;
import io.projectservice.support.Metrics;
import io.projectservice.support.Projects;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * list never calls a view fresh that misses a committed write: with the relay stopped (the event
 * is not on Kafka) or the projector stopped (on Kafka, not applied), a list after a save waits its
 * bound and answers marked stale; once the pipeline runs again the next list is fresh and has it.
 * This is what keeps the check's fast path (relay and projector marks per partition) honest.
 */
@QuarkusTest
class StaleListTest {
    private static final String WS = "stale-ws";

    @Inject
    EventRelay relay;

    @Inject
    ListProjector projector;

    @Inject
    EventLog log;

    @AfterEach
    void restart() {
        relay.start();
        projector.start();
    }

    @Test
    void aWriteNotYetRelayedMakesTheListStale() {
        awaitFresh();
        relay.stop();
        String id = save("Not relayed yet");
        list().header("X-View-Stale", equalTo("true")).body("data.id", not(hasItem(id)));
        relay.start();
        awaitFresh().body("data.id", hasItem(id));
    }

    @Test
    void aWriteRelayedButNotProjectedMakesTheListStale() {
        awaitFresh();
        projector.stop();
        long before = relayedCount();
        String id = save("Relayed, not projected");
        // wait until the relay has published it (and so moved its marks), then list
        Await.until("the relay published the save", Duration.ofSeconds(30),
                () -> relayedCount() > before);
        list().header("X-View-Stale", equalTo("true")).body("data.id", not(hasItem(id)));
        projector.start();
        awaitFresh().body("data.id", hasItem(id));
    }

    /**
     * Another caller's write the projector has not applied yet does not make this caller wait, nor
     * sum all their projects: the check looks only at the events after the projector's mark in the
     * partition it is behind in (the RECENT way), and this caller's projects are not among them.
     */
    @Test
    void anotherCallersPendingWriteIsCheckedByTheRecentEventsOnly() {
        // every partition gets applied records with their order headers, so each has a mark
        for (int i = 0; i < 24; i++) {
            save("Warm " + i);
        }
        awaitFresh();
        projector.stop();
        long before = relayedCount();
        Api.as("tom", "acme").body(Map.of("project", Map.of("name", "Tom's, not applied")))
                .post(Api.SELF_HOSTED_SEED.path("tom", "acme", WS, "save")).then().statusCode(200);
        Await.until("the relay published tom's save", Duration.ofSeconds(30), () -> relayedCount() > before);
        double recent = Metrics.value(RECENT);
        fresh();
        assertEquals(recent + 1, Metrics.value(RECENT), "decided by the recent events");
    }

    private static final String RECENT = "projects_list_check_total{path=\"recent\"}";

    private long relayedCount() {
        return log.rows("SELECT count(*) FROM project_events e, relay_checkpoints c WHERE c.name = 'events'"
                + " AND (e.tx_id, e.global_position) <= (c.last_tx_id, c.last_position)").get(0).getLong(0);
    }

    private static String save(String name) {
        return Projects.of("sam", "acme", WS).create(name);
    }

    private static ValidatableResponse list() {
        return Api.as("sam", "acme").get(Api.SELF_HOSTED_SEED.path("sam", "acme", WS, "list")).then().statusCode(200);
    }

    /** Once restarted, the pipeline may need longer than list's 2 s catch-up on a loaded machine. */
    private static ValidatableResponse awaitFresh() {
        Await.until("a list that is not stale", Duration.ofSeconds(60),
                () -> list().extract().header("X-View-Stale") == null);
        return fresh();
    }

    private static ValidatableResponse fresh() {
        return list().header("X-View-Stale", nullValue());
    }
}
