package io.projectservice.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.projectservice.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Probes and metrics as operators read them. */
@QuarkusTest
class HealthAndMetricsTest {

    @Test
    void readinessCoversTheDatabaseKafkaAndThePipeline() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Reactive PostgreSQL connections health check",
                        "Kafka brokers", "Event pipeline (relay and list projection)"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void metricsCountEventsAndMeasureLag() {
        Api.as("mia", "acme").body(Map.of("project", Map.of("name", "Metered")))
                .post(Api.SELF_HOSTED_SEED.path("mia", "acme", "metrics-ws", "save")).then().statusCode(200);
        Api.as("mia", "acme").get(Api.SELF_HOSTED_SEED.path("mia", "acme", "metrics-ws", "list"))
                .then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("projects_events_appended_total{type=\"ProjectCreated\"}"))
                .body(containsString("projects_relay_lag_seconds_bucket"))
                .body(containsString("projects_projection_lag_seconds_bucket"))
                .body(containsString("http_server_requests_seconds_count"));
    }
}
