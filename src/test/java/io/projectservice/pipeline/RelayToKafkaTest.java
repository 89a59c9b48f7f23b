package io.projectservice.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.projectservice.support.Api;
import io.projectservice.support.EventLog;
import io.projectservice.support.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** An outside subscriber sees exactly the committed events, per project in version order, as CloudEvents. */
@QuarkusTest
class RelayToKafkaTest {
    private static final String WS = "relay-ws";

    @Inject
    EventLog log;

    @Test
    void subscriberSeesEveryCommittedEventInOrderAsCloudEvents() {
        String path = Api.SELF_HOSTED_SEED.path("ann", "acme", WS, "save");
        String a = Api.as("ann", "acme").body(Map.of("project", Map.of("name", "A"))).post(path)
                .then().statusCode(200).extract().path("data.project_id");
        String b = Api.as("ann", "acme").body(Map.of("project", Map.of("name", "B"))).post(path)
                .then().statusCode(200).extract().path("data.project_id");
        for (int i = 0; i < 5; i++) {
            Api.as("ann", "acme").body(Map.of("project", Map.of("id", a, "description", "a" + i))).post(path)
                    .then().statusCode(200);
        }
        String copy = Api.as("ann", "acme").body(Map.of("project_id", b))
                .post(Api.SELF_HOSTED_SEED.path("ann", "acme", WS, "copy"))
                .then().statusCode(200).extract().path("data.new_project_id");
        Api.as("ann", "acme").body(Map.of("project", Map.of("id", b)))
                .post(Api.SELF_HOSTED_SEED.path("ann", "acme", WS, "cleanup")).then().statusCode(200);

        Set<String> ids = Set.of(a, b, copy);
        Map<String, List<Row>> committed = new HashMap<>();
        for (String id : ids) {
            committed.put(id, log.rows("SELECT event_id::text, version, global_position, type, recorded_at"
                    + " FROM project_events WHERE stream_id = $1 ORDER BY version", id));
        }
        int expected = committed.values().stream().mapToInt(List::size).sum();
        assertEquals(6 + 2 + 1, expected);

        try (TopicReader reader = new TopicReader("projects.events.v1")) {
            List<ConsumerRecord<String, String>> records = reader.readUntil(
                    seen -> seen.stream().filter(r -> ids.contains(r.key())).count() >= expected,
                    Duration.ofSeconds(30));
            Map<String, List<JsonNode>> received = new HashMap<>();
            for (ConsumerRecord<String, String> r : records) {
                if (ids.contains(r.key())) {
                    received.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(TopicReader.value(r));
                }
            }
            for (String id : ids) {
                List<Row> rows = committed.get(id);
                List<JsonNode> events = received.get(id);
                assertEquals(rows.size(), events.size(), "events of " + id + " (no duplicate, none missing)");
                for (int i = 0; i < rows.size(); i++) {
                    Row row = rows.get(i);
                    JsonNode ce = events.get(i);
                    assertEquals("1.0", ce.path("specversion").asText());
                    assertEquals(row.getString(0), ce.path("id").asText());
                    assertEquals("/workspaces/" + WS + "/projects/" + id, ce.path("source").asText());
                    assertEquals("projects." + row.getString(3) + ".v1", ce.path("type").asText());
                    assertEquals(id, ce.path("subject").asText());
                    assertEquals(row.getInteger(1).intValue(), ce.path("sequence").asInt(), "in version order");
                    assertEquals(row.getLong(2).longValue(), ce.path("position").asLong());
                    assertEquals(row.getOffsetDateTime(4).toInstant(),
                            OffsetDateTime.parse(ce.path("time").asText()).toInstant());
                    assertTrue(ce.path("data").isObject());
                }
            }
            assertEquals("projects.ProjectDeleted.v1", received.get(b).get(received.get(b).size() - 1)
                    .path("type").asText());
        }
    }
}
