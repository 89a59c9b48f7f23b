package io.projectservice.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.projectservice.pipeline.CloudEvents;
import io.projectservice.support.Projects;
import io.projectservice.support.Tokens;
import io.projectservice.support.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A share's whole life reaches subscribers: on {@code projects.events.v1}, keyed by the project,
 * in the order it happened, as CloudEvents with the attributes docs/asyncapi.yaml describes (the
 * recipient as the actor of what they did) and payloads that match its schemas.
 */
@QuarkusTest
class ShareEventsOnTopicTest {
    private static final String WS = "share-events";

    @Test
    void aSharesLifeIsOnTheTopicInOrder() {
        Projects ann = Projects.of("ann", "acme", WS);
        String id = ann.create("Followed");
        String first = share(ann, id, Map.of("username", "bea", "organization", "globex"), "viewer");
        call("bea", "globex", "share/accept", Map.of("share_id", first));
        ann.request().body(Map.of("share_id", first, "share_role", "editor")).post(ann.path("share/update-role"))
                .then().statusCode(200);
        String second = share(ann, id, Map.of("username", "bea", "organization", "globex"), "viewer");
        call("bea", "globex", "share/accept", Map.of("share_id", second));
        call("bea", "globex", "share/leave", Map.of("share_id", second));
        String third = share(ann, id, Map.of("email", "cal@initech.example"), "viewer");
        ann.request().body(Map.of("share_id", third)).post(ann.path("share/revoke")).then().statusCode(200);

        List<String> expected = List.of("ProjectCreated", "ProjectShared", "ShareAccepted", "ShareRoleChanged",
                "ShareSuperseded", "ProjectShared", "ShareAccepted", "ShareLeft", "ProjectShared", "ShareRevoked");
        List<String> actors = List.of("ann", "ann", "bea", "ann", "ann", "ann", "bea", "bea", "ann", "ann");
        List<String> shareIds = java.util.Arrays.asList(null, first, first, first, first, second, second, second,
                third, third);
        try (TopicReader reader = new TopicReader("projects.events.v1")) {
            List<JsonNode> events = new ArrayList<>();
            mine(reader.readUntil(records -> mine(records, id).size() >= expected.size(), Duration.ofSeconds(60)), id)
                    .forEach(r -> events.add(TopicReader.value(r)));
            List<String> types = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                JsonNode ce = events.get(i);
                String type = type(ce);
                types.add(type);
                assertEquals("1.0", ce.path("specversion").asText());
                assertEquals(id, ce.path("subject").asText());
                assertEquals(i + 1, ce.path("sequence").asInt(), "sequence without gaps, in order: " + types);
                assertEquals("/workspaces/" + WS + "/projects/" + id, ce.path("source").asText());
                assertEquals("application/json", ce.path("datacontenttype").asText());
                assertTrue(ce.path("id").asText().matches("[0-9a-f-]{36}"), ce.toString());
                assertTrue(ce.path("time").isTextual(), ce.toString());
                if (i < actors.size()) {
                    assertEquals(actors.get(i), ce.path("actor").asText(), type + " " + i);
                    if (shareIds.get(i) != null) {
                        assertEquals(shareIds.get(i), ce.at("/data/share_id").asText(), type + " " + i);
                    }
                }
                AsyncApiTest.payloadSchema(type).validate(ce).forEach(m -> problems.add(type + ": " + m.getMessage()));
            }
            assertEquals(expected, types);
            assertEquals(second, events.get(4).at("/data/superseded_by").asText());
            assertEquals("editor", events.get(3).at("/data/share_role").asText());
            assertEquals("viewer", events.get(3).at("/data/previous_role").asText());
            assertEquals("cal@initech.example", events.get(8).at("/data/recipient/email").asText());
            assertTrue(problems.isEmpty(), String.join("\n", problems));
        }
    }

    private static List<ConsumerRecord<String, String>> mine(List<ConsumerRecord<String, String>> records, String id) {
        return records.stream().filter(r -> id.equals(r.key())).toList();
    }

    private static String share(Projects owner, String id, Map<String, String> recipient, String role) {
        return owner.request().body(Map.of("project_id", id, "recipient", recipient, "share_role", role))
                .post(owner.path("share")).then().statusCode(200).extract().path("data.share_id");
    }

    private static void call(String user, String org, String action, Map<String, String> body) {
        RequestSpecification r = RestAssured.given().contentType(ContentType.JSON).header("Authorization",
                "Bearer " + Tokens.withClaims(Map.of("upn", user, "organization", org)));
        r.body(body).post("/api/v1/projects/" + WS + "/" + action).then().statusCode(200);
    }

    private static String type(JsonNode event) {
        String t = event.path("type").asText();
        return t.substring(CloudEvents.TYPE_PREFIX.length(), t.length() - CloudEvents.TYPE_SUFFIX.length());
    }
}
