package io.projectservice.pipeline;

import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.projectservice.config.ServiceConfig;
import io.projectservice.support.Api;
import io.projectservice.support.Await;
import io.projectservice.support.EventLog;
import io.projectservice.support.LargeBundles;
import io.projectservice.support.Metrics;
import io.projectservice.support.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * The relay's batches are bounded in bytes as well as in count, an event larger than a batch
 * still goes (alone), and an event Kafka refuses is set aside on the dead-letter topic while the
 * events after it flow, with the list brought up to date from the log.
 */
@QuarkusTest
class RelayLimitsTest {
    private static final String WS = "relay-limits";
    private static final Duration BOUND = Duration.ofSeconds(60);

    @Inject
    EventRelay relay;

    @Inject
    EventLog log;

    @Inject
    ServiceConfig config;

    @Test
    void aBacklogOfLargeEventsGoesOutInBatchesBoundedInBytesAllOfThemInOrder() {
        int budget = config.relay().batchBytes();
        int eventBytes = 1_500_000;
        int events = 8;
        double overBefore = batchesOverBudget(budget);
        double batchesBefore = Metrics.value("projects_relay_batch_bytes_count");
        List<String> ids = new ArrayList<>();
        relay.stop(); // a backlog: every event waits, so one read could take them all
        try {
            for (int i = 0; i < events; i++) {
                ids.add(Api.as("ann", "acme").body(LargeBundles.of("Large " + i, eventBytes))
                        .post(Api.SELF_HOSTED_SEED.path("ann", "acme", WS, "import-project"))
                        .then().statusCode(200).extract().path("data.new_project_id"));
            }
        } finally {
            relay.start();
        }
        List<ConsumerRecord<String, String>> received;
        try (TopicReader reader = new TopicReader(config.kafka().eventsTopic())) {
            received = reader.readUntil(seen -> seen.stream().filter(r -> ids.contains(r.key())).count() >= events,
                    BOUND).stream().filter(r -> ids.contains(r.key())).toList();
        }
        assertEquals(events, received.size(), "each event once");
        // in the log's order: by position, each partition's records come in the order they were appended
        Map<Integer, List<ConsumerRecord<String, String>>> byPartition = new HashMap<>();
        received.forEach(r -> byPartition.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r));
        for (List<ConsumerRecord<String, String>> partition : byPartition.values()) {
            List<Long> positions = partition.stream().sorted(Comparator.comparingLong(ConsumerRecord::offset))
                    .map(r -> TopicReader.value(r).path("position").asLong()).toList();
            assertEquals(positions.stream().sorted().toList(), positions, "records in log order");
        }
        for (ConsumerRecord<String, String> r : received) {
            JsonNode ce = TopicReader.value(r);
            assertEquals("projects.ProjectImported.v1", ce.path("type").asText());
            assertEquals(eventBytes / 1040, ce.at("/data/content/concepts").size(), "the whole content");
        }
        double batches = Metrics.value("projects_relay_batch_bytes_count") - batchesBefore;
        assertEquals(0, batchesOverBudget(budget) - overBefore, "no batch of several events over " + budget + " bytes");
        assertTrue(batches >= (double) events * eventBytes / budget, "the backlog took " + batches + " batches");
    }

    @Test
    void anEventLargerThanABatchGoesAlone() {
        int bytes = config.relay().batchBytes() + 1_000_000;
        String id = Api.as("ann", "acme").body(LargeBundles.of("Larger than a batch", bytes))
                .post(Api.SELF_HOSTED_SEED.path("ann", "acme", WS, "import-project"))
                .then().statusCode(200).extract().path("data.new_project_id");
        try (TopicReader reader = new TopicReader(config.kafka().eventsTopic())) {
            reader.readUntil(seen -> seen.stream().anyMatch(r -> r.key().equals(id)), BOUND);
        }
        list().then().statusCode(200).header("X-View-Stale", nullValue()).body("data.id", hasItem(id));
    }

    @Test
    void anEventKafkaRefusesIsSetAsideAndTheEventsAfterItFlow() {
        String id = Api.as("ann", "acme").body(Map.of("project", Map.of("name", "Refused in the middle")))
                .post(Api.SELF_HOSTED_SEED.path("ann", "acme", WS, "save"))
                .then().statusCode(200).extract().path("data.project_id");
        String refused = "projects_dead_letters_total{reason=\"record-too-large\",stage=\"relay\"}";
        double before = Metrics.value(refused);
        // an event larger than any record the relay may send, as one written before the write-time
        // limit existed (or under a larger one) would be: no size recorded, 17 MB of data
        log.rows("WITH head AS (UPDATE project_streams SET version = version + 1 WHERE stream_id = $1"
                + " RETURNING stream_id, version, workspace_id, author)"
                + " INSERT INTO project_events (event_id, stream_id, version, type, data, metadata)"
                + " SELECT gen_random_uuid(), stream_id, version, 'ProjectUpdated', jsonb_build_object('changes',"
                + " jsonb_build_object('concepts', jsonb_build_array(repeat('x', 17000000)))),"
                + " jsonb_build_object('actor', author, 'workspace_id', workspace_id) FROM head", id);
        Api.as("ann", "acme").body(Map.of("project", Map.of("id", id, "description", "after the refused one")))
                .post(Api.SELF_HOSTED_SEED.path("ann", "acme", WS, "save")).then().statusCode(200);

        try (TopicReader events = new TopicReader(config.kafka().eventsTopic())) {
            List<ConsumerRecord<String, String>> mine = events.readUntil(seen -> seen.stream()
                    .anyMatch(r -> r.key().equals(id) && TopicReader.value(r).path("sequence").asInt() == 3), BOUND)
                    .stream().filter(r -> r.key().equals(id)).toList();
            assertEquals(List.of(1, 3), mine.stream().map(r -> TopicReader.value(r).path("sequence").asInt()).toList(),
                    "version 2 was set aside, version 3 published");
        }
        try (TopicReader dlq = new TopicReader(config.kafka().deadLetterTopic())) {
            ConsumerRecord<String, String> letter = dlq.readUntil(seen -> seen.stream()
                    .anyMatch(r -> id.equals(r.key())), BOUND).stream().filter(r -> id.equals(r.key())).findFirst()
                    .orElseThrow();
            assertEquals("relay", header(letter, DeadLetters.STAGE));
            assertEquals("record-too-large", header(letter, DeadLetters.REASON));
            assertEquals(config.kafka().eventsTopic(), header(letter, DeadLetters.SOURCE_TOPIC));
            JsonNode envelope = TopicReader.value(letter);
            assertEquals(2, envelope.path("sequence").asInt());
            assertEquals("projects.ProjectUpdated.v1", envelope.path("type").asText());
            assertFalse(envelope.has("data"), "the data stays in the log");
        }
        assertEquals(1, log.rows("SELECT 1 FROM dead_letters WHERE stage = 'relay' AND stream_id = $1 AND version = 2",
                id).size());
        Await.until("the dead letter counted", BOUND, () -> Metrics.value(refused) == before + 1);
        // the list is not left behind: fresh, and the row at the log's head
        list().then().statusCode(200).header("X-View-Stale", nullValue())
                .body("data.find { it.id == '" + id + "' }.version", org.hamcrest.Matchers.equalTo(3))
                .body("data.find { it.id == '" + id + "' }.description",
                        org.hamcrest.Matchers.equalTo("after the refused one"));
    }

    private static io.restassured.response.Response list() {
        return Api.as("ann", "acme").get(Api.SELF_HOSTED_SEED.path("ann", "acme", WS, "list"));
    }

    /** Batches over the budget so far: all of them, less those within it (the summary's bucket at the budget). */
    private static double batchesOverBudget(int budget) {
        return Metrics.value("projects_relay_batch_bytes_count")
                - Metrics.value("projects_relay_batch_bytes_bucket{le=\"" + (double) budget + "\"}");
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        Header h = r.headers().lastHeader(name);
        assertNotNull(h, "header " + name);
        return new String(h.value(), StandardCharsets.UTF_8);
    }
}
