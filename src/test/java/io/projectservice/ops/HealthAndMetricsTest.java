package io.projectservice.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.projectservice.support.Api;
import io.projectservice.support.Await;
import io.projectservice.support.Metrics;
import io.projectservice.support.OpenAiStub;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Probes and metrics as operators read them. */
@QuarkusTest
class HealthAndMetricsTest {
    @ConfigProperty(name = OpenAiStub.PORT_PROPERTY)
    int stubPort;

    @Test
    void readinessCoversTheDatabaseKafkaAndThePipeline() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Reactive PostgreSQL connections health check",
                        "Kafka brokers", "Event pipeline (relay and list projection)"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    /** Each metric the README names moves with the work it measures (not only exists). */
    @Test
    void metricsCountEventsAndMeasureLag() {
        String created = "projects_events_appended_total{type=\"ProjectCreated\"}";
        String updated = "projects_events_appended_total{type=\"ProjectUpdated\"}";
        double createdBefore = Metrics.value(created);
        double updatedBefore = Metrics.value(updated);
        double relayed = Metrics.sum("projects_relay_lag_seconds_count");
        double projected = Metrics.sum("projects_projection_lag_seconds_count");
        double requests = Metrics.sum("http_server_requests_seconds_count");

        String id = Api.as("mia", "acme").body(Map.of("project", Map.of("name", "Metered")))
                .post(Api.SELF_HOSTED_SEED.path("mia", "acme", "metrics-ws", "save")).then().statusCode(200)
                .extract().path("data.project_id");
        Api.as("mia", "acme").body(Map.of("project", Map.of("id", id, "description", "moved")))
                .post(Api.SELF_HOSTED_SEED.path("mia", "acme", "metrics-ws", "save")).then().statusCode(200);
        Api.as("mia", "acme").get(Api.SELF_HOSTED_SEED.path("mia", "acme", "metrics-ws", "list"))
                .then().statusCode(200).body("data.id", hasItem(id));

        assertEquals(createdBefore + 1, Metrics.value(created), created);
        assertEquals(updatedBefore + 1, Metrics.value(updated), updated);
        // the list answered fresh, so both events were relayed and projected; each is timed just after
        Await.until("the relay lag of both events recorded", Duration.ofSeconds(10),
                () -> Metrics.sum("projects_relay_lag_seconds_count") >= relayed + 2);
        Await.until("the projection lag of both events recorded", Duration.ofSeconds(10),
                () -> Metrics.sum("projects_projection_lag_seconds_count") >= projected + 2);
        assertTrue(Metrics.sum("http_server_requests_seconds_count") >= requests + 3, "requests counted");
    }

    @Test
    void analysisJobsAreCountedByStateAndTimed() {
        String succeeded = "projects_analysis_jobs_total{engine=\"offline\",state=\"succeeded\"}";
        double before = Metrics.value(succeeded);
        double timedBefore = Metrics.value("projects_analysis_duration_seconds_count");
        new WireMock("localhost", stubPort).resetMappings(); // the LLM stub answers nothing: offline
        Api.as("mia", "acme").contentType("application/x-www-form-urlencoded")
                .formParam("context", "A library lends books to members. Members borrow books.")
                .post(Api.SELF_HOSTED_SEED.path("mia", "acme", "metrics-ws", "create-from-context"))
                .then().statusCode(200).body("data.analysis.engine", equalTo("offline"));
        assertEquals(before + 1, Metrics.value(succeeded), succeeded);
        assertEquals(timedBefore + 1,
                Metrics.value("projects_analysis_duration_seconds_count"));
    }
}
