package io.projectservice.readmodel;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.projectservice.config.ServiceConfig;
import io.projectservice.pipeline.DeadLetters;
import io.projectservice.support.Api;
import io.projectservice.support.Await;
import io.projectservice.support.EventLog;
import io.projectservice.support.KafkaResource;
import io.projectservice.support.Metrics;
import io.projectservice.support.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Records the list projector cannot read or apply, put on the event topic under a real project's
 * key, are set aside on the dead-letter topic with the reason, counted and recorded; the records
 * after them (the project's next real event included) are projected, and list is fresh.
 */
@QuarkusTest
class ProjectorDeadLetterTest {
    private static final String WS = "projector-dlq";
    private static final Duration BOUND = Duration.ofSeconds(60);

    @Inject
    ServiceConfig config;

    @Inject
    EventLog log;

    @Test
    void poisonedRecordsAreSetAsideAndTheRestIsProjected() throws Exception {
        String id = Api.as("ann", "acme").body(Map.of("project", Map.of("name", "Poisoned")))
                .post(Api.SELF_HOSTED_SEED.path("ann", "acme", WS, "save"))
                .then().statusCode(200).extract().path("data.project_id");
        list().then().statusCode(200).header("X-View-Stale", nullValue());
        String unreadable = "projects_dead_letters_total{reason=\"unreadable\",stage=\"projector\"}";
        String unappliable = "projects_dead_letters_total{reason=\"unappliable\",stage=\"projector\"}";
        double unreadableBefore = Metrics.value(unreadable);
        double unappliableBefore = Metrics.value(unappliable);

        String garbage = "{\"specversion\": \"1.0\", \"id\": not json";
        // a well-formed event the view cannot store: PostgreSQL refuses the NUL character in a name
        String nul = "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"/workspaces/" + WS
                + "/projects/" + id + "\",\"type\":\"projects.ProjectUpdated.v1\",\"subject\":\"" + id
                + "\",\"time\":\"2026-11-30T08:00:00.000000+00:00\",\"datacontenttype\":\"application/json\","
                + "\"sequence\":2,\"position\":1,\"actor\":\"ann\",\"data\":{\"changes\":{\"name\":\"bad\\u0000name\"}}}";
        long[] offsets = new long[2];
        try (KafkaProducer<String, String> producer = producer()) {
            offsets[0] = producer.send(new ProducerRecord<>(config.kafka().eventsTopic(), id, garbage))
                    .get(30, TimeUnit.SECONDS).offset();
            offsets[1] = producer.send(new ProducerRecord<>(config.kafka().eventsTopic(), id, nul))
                    .get(30, TimeUnit.SECONDS).offset();
        }
        // the project's real next event comes after both, in the same partition
        Api.as("ann", "acme").body(Map.of("project", Map.of("id", id, "description", "after the poison")))
                .post(Api.SELF_HOSTED_SEED.path("ann", "acme", WS, "save")).then().statusCode(200);

        Await.until("the project's next event in the list", BOUND, () -> "after the poison".equals(
                list().jsonPath().getString("data.find { it.id == '" + id + "' }.description")));
        list().then().statusCode(200).header("X-View-Stale", nullValue())
                .body("data.find { it.id == '" + id + "' }.name", equalTo("Poisoned"))
                .body("data.find { it.id == '" + id + "' }.version", equalTo(2));

        try (TopicReader dlq = new TopicReader(config.kafka().deadLetterTopic())) {
            List<ConsumerRecord<String, String>> letters = dlq.readUntil(seen -> seen.stream()
                    .filter(r -> id.equals(r.key())).count() >= 2, BOUND).stream()
                    .filter(r -> id.equals(r.key())).toList();
            assertEquals(2, letters.size(), "each poisoned record set aside once");
            assertEquals(garbage, letters.get(0).value(), "the record as it was");
            assertEquals(nul, letters.get(1).value());
            assertEquals("unreadable", header(letters.get(0), DeadLetters.REASON));
            assertEquals("unappliable", header(letters.get(1), DeadLetters.REASON));
            for (int i = 0; i < 2; i++) {
                assertEquals("projector", header(letters.get(i), DeadLetters.STAGE));
                assertEquals(Long.toString(offsets[i]), header(letters.get(i), DeadLetters.SOURCE_OFFSET));
                assertTrue(!header(letters.get(i), DeadLetters.ERROR).isEmpty(), "the error is named");
            }
        }
        assertEquals(2, log.rows("SELECT 1 FROM dead_letters WHERE stage = 'projector' AND record_key = $1", id).size());
        Await.until("both counted", BOUND, () -> Metrics.value(unreadable) == unreadableBefore + 1
                && Metrics.value(unappliable) == unappliableBefore + 1);
        // readiness names them, and stays UP: the pipeline flows past them
        Response ready = given().get("/q/health/ready");
        String pipeline = "checks.find { it.name == 'Event pipeline (relay and list projection)' }";
        assertEquals("UP", ready.jsonPath().getString(pipeline + ".status"));
        assertTrue(ready.jsonPath().getLong(pipeline + ".data.dead_letters") >= 2);
        assertTrue(ready.jsonPath().getString(pipeline + ".data.newest_dead_letter").contains("projector"),
                ready.asString());
    }

    private static Response list() {
        return Api.as("ann", "acme").get(Api.SELF_HOSTED_SEED.path("ann", "acme", WS, "list"));
    }

    private static KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaResource.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
