package io.projectservice.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.projectservice.pipeline.CloudEvents;
import io.projectservice.projects.ProjectEvents;
import io.projectservice.support.OpenAiStub;
import io.projectservice.support.Projects;
import io.projectservice.support.RichProject;
import io.projectservice.support.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * What the relay really puts on {@code projects.events.v1}, for requests that make every one of
 * the nine event types, read back by an outside subscriber and checked against the payload schema
 * of its message in docs/asyncapi.yaml.
 */
@QuarkusTest
class PublishedEventsMatchAsyncApiTest {
    private static final Projects ADA = Projects.of("ada", "acme", "asyncapi-ws");

    @ConfigProperty(name = OpenAiStub.PORT_PROPERTY)
    int stubPort;

    @Test
    void everyEventTypeAsPublishedMatchesItsSchema() {
        new WireMock("localhost", stubPort).resetMappings(); // no LLM answer: the offline analyzer
        List<String> ids = new ArrayList<>();
        String id = ADA.save(Map.of("name", "Published", "metadata", Map.of("k", 1)));
        ids.add(id);
        ADA.update(id, Map.of("description", "changed"));
        String snapshot = ADA.request().body(Map.of("project_id", id, "description", "d"))
                .post(ADA.path("snapshots/create")).then().statusCode(200).extract().path("data.snapshot_id");
        ADA.request().body(Map.of("project_id", id, "snapshot_id", snapshot, "create_safety_snapshot", false))
                .post(ADA.path("snapshots/restore")).then().statusCode(200);
        ADA.request().body(Map.of("project_id", id, "snapshot_id", snapshot)).post(ADA.path("snapshots/delete"))
                .then().statusCode(200);
        ids.add(ADA.request().body(Map.of("project_id", id)).post(ADA.path("copy")).then().statusCode(200)
                .extract().path("data.new_project_id"));
        ids.add(ADA.importBundle(RichProject.bundle("asyncapi-rich"), true));
        ids.add(ADA.request().contentType("application/x-www-form-urlencoded")
                .formParam("context", "A library lends books to members. Members borrow books.")
                .post(ADA.path("create-from-context")).then().statusCode(200).extract().path("data.project_id"));
        ADA.cleanup(id, null).then().statusCode(200);

        Set<String> allTypes = new TreeSet<>(List.of(ProjectEvents.CREATED, ProjectEvents.UPDATED,
                ProjectEvents.COPIED, ProjectEvents.IMPORTED, ProjectEvents.CONTEXT_ANALYZED,
                ProjectEvents.SNAPSHOT_CREATED, ProjectEvents.SNAPSHOT_DELETED, ProjectEvents.RESTORED,
                ProjectEvents.DELETED));
        try (TopicReader reader = new TopicReader("projects.events.v1")) {
            List<ConsumerRecord<String, String>> mine = reader.readUntil(records -> types(records, ids)
                    .equals(allTypes), Duration.ofSeconds(60)).stream().filter(r -> ids.contains(r.key())).toList();
            List<String> problems = new ArrayList<>();
            for (ConsumerRecord<String, String> r : mine) {
                JsonNode event = TopicReader.value(r);
                String type = type(event);
                AsyncApiTest.payloadSchema(type).validate(event).forEach(m -> problems.add(type + ": "
                        + m.getMessage() + " in " + abbreviate(event.toString())));
            }
            assertTrue(problems.isEmpty(), String.join("\n", problems));
            assertEquals(allTypes, types(mine, ids));
        }
    }

    private static Set<String> types(List<ConsumerRecord<String, String>> records, List<String> ids) {
        Set<String> types = new TreeSet<>();
        records.stream().filter(r -> ids.contains(r.key())).forEach(r -> types.add(type(TopicReader.value(r))));
        return types;
    }

    private static String type(JsonNode event) {
        String t = event.path("type").asText();
        return t.substring(CloudEvents.TYPE_PREFIX.length(), t.length() - CloudEvents.TYPE_SUFFIX.length());
    }

    private static String abbreviate(String s) {
        return s.length() > 400 ? s.substring(0, 400) + "..." : s;
    }
}
