package io.projectservice.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.projectservice.support.Api;
import io.projectservice.support.Await;
import io.projectservice.support.EventLog;
import io.projectservice.support.Projects;
import io.projectservice.support.StoredRows;
import io.projectservice.support.KafkaResource;
import io.projectservice.support.PostgresResource;
import io.projectservice.support.TcpProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Readiness follows the service's dependencies: it goes DOWN, naming the check, while Kafka or
 * PostgreSQL cannot be reached, and UP again once they can, without a restart; the work accepted
 * meanwhile is not lost. The path from the service to each server is cut at a TCP proxy, so the
 * servers keep running (and keep their data) for everyone else.
 */
@QuarkusTest
class ReadinessTest {
    private static final String POSTGRES = "Reactive PostgreSQL connections health check";
    private static final String KAFKA = "Kafka brokers";
    private static final String PIPELINE = "Event pipeline (relay and list projection)";
    private static final Duration BOUND = Duration.ofSeconds(30);

    @Inject
    EventLog log;

    @Inject
    StoredRows stored;

    @Inject
    Pool pool;

    @AfterEach
    void reconnect() {
        KafkaResource.link().restore();
        PostgresResource.serviceLink().restore();
        Await.until("readiness UP", BOUND, () -> ready().statusCode() == 200);
    }

    @Test
    void kafkaUnreachableTakesReadinessDownAndBackUp() {
        Await.until("readiness UP before the outage", BOUND, () -> ready().statusCode() == 200);
        TcpProxy kafka = KafkaResource.link();
        kafka.cut();
        Await.until("readiness DOWN on Kafka", BOUND, () -> status(ready(), KAFKA).equals("DOWN"));
        Response down = ready();
        assertEquals(503, down.statusCode());
        assertEquals("DOWN", down.jsonPath().getString("status"));
        assertEquals("UP", status(down, POSTGRES), "PostgreSQL is still reachable");

        // the API keeps accepting writes: the log is the buffer until Kafka is back
        String id = save("ready-kafka", "During the Kafka outage");

        kafka.restore();
        Await.until("readiness UP after Kafka is back", BOUND, () -> ready().statusCode() == 200);
        Response up = ready();
        assertEquals("UP", status(up, KAFKA));
        assertEquals("UP", status(up, PIPELINE));
        // the write from the outage went through the relay and the projector once Kafka was back
        freshList("ready-kafka").body("data.id", hasItem(id));
    }

    @Test
    void postgresUnreachableTakesReadinessDownAndBackUp() {
        Await.until("readiness UP before the outage", BOUND, () -> ready().statusCode() == 200);
        var before = stored.fingerprint();
        TcpProxy postgres = PostgresResource.serviceLink();
        postgres.cut();
        Await.until("readiness DOWN on PostgreSQL", BOUND, () -> status(ready(), POSTGRES).equals("DOWN"));
        Response down = ready();
        assertEquals(503, down.statusCode());
        assertEquals("DOWN", down.jsonPath().getString("status"));

        // a write while the database is away: a clean 503 in the envelope, nothing half-written
        Api.as("ann", "acme").body(Map.of("project", Map.of("name", "Not stored")))
                .post(Api.SELF_HOSTED_SEED.path("ann", "acme", "ready-pg", "save"))
                .then().statusCode(503).body("status", equalTo("error")).body("data", nullValue())
                .body("message", equalTo("The database is unavailable; retry shortly"));

        postgres.restore();
        Await.until("readiness UP after PostgreSQL is back", BOUND, () -> ready().statusCode() == 200);
        assertEquals("UP", status(ready(), POSTGRES));
        stored.assertSame("the write refused while PostgreSQL was away", before);
        // the same process serves again, through the whole pipeline
        String id = save("ready-pg", "After the PostgreSQL outage");
        freshList("ready-pg").body("data.id", hasItem(id));
    }

    @Test
    void aProjectorFarBehindTheRelayTakesReadinessDown() {
        Await.until("readiness UP", BOUND, () -> ready().statusCode() == 200);
        // the relay's mark on a partition the projector has applied nothing of: 20,000 records behind
        log.rows("INSERT INTO relay_partition_marks (topic, partition, next_offset) VALUES ('projects.events.v1', 99, 20000)");
        try {
            Response down = ready();
            assertEquals(503, down.statusCode());
            assertEquals("DOWN", status(down, PIPELINE));
            assertEquals(20000, down.jsonPath().getInt("checks.find { it.name == '" + PIPELINE + "' }.data.records_not_in_list"));
        } finally {
            log.rows("DELETE FROM relay_partition_marks WHERE partition = 99");
        }
        assertEquals("UP", status(ready(), PIPELINE));
    }

    @Test
    void aStuckRelayTakesReadinessDownWithinTheBoundAndItComesBackUp() {
        Await.until("readiness UP", BOUND, () -> ready().statusCode() == 200);
        // a relay replica that holds the lease and publishes nothing (hung, or cut off from Kafka
        // without noticing): this connection takes the relay's checkpoint row and keeps it
        SqlConnection lease = pool.getConnection().await().atMost(BOUND);
        String id;
        try {
            lease.query("BEGIN").execute().await().atMost(BOUND);
            lease.query("SELECT 1 FROM relay_checkpoints WHERE name = 'events' FOR UPDATE").execute()
                    .await().atMost(BOUND);
            id = save("ready-stuck", "While the relay is stuck");
            Await.until("readiness DOWN on the pipeline", BOUND, () -> status(ready(), PIPELINE).equals("DOWN"));
            Response down = ready();
            assertEquals(503, down.statusCode());
            assertEquals("UP", status(down, POSTGRES));
            assertEquals("UP", status(down, KAFKA));
            String data = "checks.find { it.name == '" + PIPELINE + "' }.data";
            assertTrue(down.jsonPath().getLong(data + ".oldest_unpublished_seconds")
                    >= down.jsonPath().getLong(data + ".max_delay_seconds"));
            assertTrue(down.jsonPath().getString(data + ".reason").contains("the next event to publish was appended"),
                    down.asString());
        } finally {
            lease.query("ROLLBACK").execute().onFailure().recoverWithNull().await().atMost(BOUND);
            lease.close().await().atMost(BOUND);
        }
        Await.until("readiness UP once the relay moves again", BOUND, () -> ready().statusCode() == 200);
        list("ready-stuck").then().statusCode(200).header("X-View-Stale", nullValue()).body("data.id", hasItem(id));
    }

    private static Response ready() {
        return given().get("/q/health/ready");
    }

    /** The status of one named check, or "absent". */
    private static String status(Response health, String check) {
        JsonPath json = health.jsonPath();
        String status = json.getString("checks.find { it.name == '" + check + "' }.status");
        return status == null ? "absent" : status;
    }

    private static String save(String workspace, String name) {
        return Projects.of("ann", "acme", workspace).create(name);
    }

    /**
     * The first list not marked stale, waited for: right after an outage the pipeline may need
     * longer than list's own 2 s catch-up on a loaded machine. A fresh list must hold every write.
     */
    private static io.restassured.response.ValidatableResponse freshList(String workspace) {
        Await.until("a list of " + workspace + " that is not stale", BOUND,
                () -> list(workspace).then().statusCode(200).extract().header("X-View-Stale") == null);
        return list(workspace).then().statusCode(200).header("X-View-Stale", nullValue());
    }

    private static Response list(String workspace) {
        return Api.as("ann", "acme").get(Api.SELF_HOSTED_SEED.path("ann", "acme", workspace, "list"));
    }
}
