package io.projectservice.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.projectservice.config.ServiceConfig;
import io.projectservice.pipeline.CloudEvents;
import io.projectservice.eventstore.NewEvent;
import io.projectservice.eventstore.RecordedEvent;
import io.projectservice.projects.ProjectEvents;
import io.projectservice.projects.ProjectState;
import io.projectservice.projects.StreamAttributes;
import io.projectservice.sharing.Recipient;
import io.projectservice.sharing.ShareEvents;
import io.projectservice.sharing.ShareRole;
import io.smallrye.config.WithDefault;
import java.io.File;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/asyncapi.yaml: a valid AsyncAPI 3.0 document (checked against the specification's own JSON
 * Schema), for the topics the service uses, with a message and a payload schema for every event
 * type of {@link ProjectEvents}; and its schemas describe what the code actually publishes.
 */
class AsyncApiTest {
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode doc;

    @BeforeAll
    static synchronized void parse() throws Exception {
        doc = new YAMLMapper().readTree(new File("docs/asyncapi.yaml"));
    }

    @Test
    void isAValidAsyncApi3Document() throws Exception {
        assertEquals("3.0.0", doc.path("asyncapi").asText());
        JsonSchema spec;
        try (InputStream in = AsyncApiTest.class.getResourceAsStream("/asyncapi/asyncapi-3.0.0.schema.json")) {
            spec = SCHEMAS.getSchema(JSON.readTree(in));
        }
        assertEquals(Set.of(), messages(spec.validate(doc)));
        // the specification's schema is strict: a misspelt keyword or a wrong value fails
        ObjectNode broken = doc.deepCopy();
        ((ObjectNode) broken.at("/operations/relayProjectEvents")).put("action", "publish");
        ((ObjectNode) broken.at("/channels/projectEvents")).set("adress", broken.at("/channels/projectEvents/address"));
        Set<String> problems = messages(spec.validate(broken));
        assertTrue(problems.stream().anyMatch(p -> p.contains("action")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("adress")), problems.toString());
        // and every local reference points at something
        List<String> dangling = new ArrayList<>();
        doc.findValues("$ref").forEach(ref -> {
            if (ref.asText().startsWith("#/") && doc.at(ref.asText().substring(1)).isMissingNode()) {
                dangling.add(ref.asText());
            }
        });
        assertEquals(List.of(), dangling);
    }

    @Test
    void describesTheTopicsTheServiceUses() throws Exception {
        assertEquals(defaultOf("eventsTopic"), doc.at("/channels/projectEvents/address").asText());
        assertEquals(defaultOf("analysisTopic"), doc.at("/channels/analysisJobs/address").asText());
        assertEquals(defaultOf("deadLetterTopic"), doc.at("/channels/deadLetters/address").asText());
        assertEquals(defaultOf("projectorGroup"),
                doc.at("/operations/projectListView/bindings/kafka/groupId/const").asText());
    }

    @Test
    void everyEventTypeHasAMessageAndAPayloadSchema() throws Exception {
        Set<String> types = eventTypes();
        assertEquals(15, types.size(), "the event types of DESIGN.md and the share's: " + types);
        JsonNode messages = doc.at("/channels/projectEvents/messages");
        assertEquals(types, names(messages));
        for (String type : types) {
            JsonNode message = resolve(messages.get(type));
            assertEquals(type, message.path("name").asText());
            JsonNode envelope = message.at("/payload/allOf/1/properties");
            assertEquals(CloudEvents.TYPE_PREFIX + type + CloudEvents.TYPE_SUFFIX, envelope.at("/type/const").asText());
            String dataRef = envelope.at("/data/$ref").asText();
            assertEquals("#/components/schemas/" + type + "Data", dataRef, type);
            assertFalse(resolve(envelope.get("data")).isMissingNode(), dataRef);
            assertEquals("#/components/schemas/CloudEvent", message.at("/payload/allOf/0/$ref").asText());
        }
        assertEquals(Set.of("AnalysisRequested"), names(doc.at("/channels/analysisJobs/messages")));
    }

    @Test
    void theExamplesMatchTheirSchemas() {
        doc.at("/components/messages").fields().forEachRemaining(m -> {
            JsonSchema schema = payloadSchema(m.getKey());
            m.getValue().path("examples").forEach(example -> assertEquals(Set.of(),
                    messages(schema.validate(example.get("payload"))), m.getKey() + " " + example.path("name")));
        });
    }

    /** The events the service's own code builds, as the relay publishes them, fit the document. */
    @Test
    void whatTheServicePublishesMatchesTheSchemas() {
        ProjectState source = ProjectState.withAttributes(
                new StreamAttributes("p1", "default", "user", "alice", "acme"));
        source.name = "Roadmap";
        source.version = 4;
        ObjectNode content = source.content();
        StreamAttributes copy = new StreamAttributes("p2", "team", "organization", "bob", "acme");
        ObjectNode bundle = JsonNodeFactory.instance.objectNode().put("format", "projects-export")
                .put("project_id", "p1").put("workspace_id", "default").putNull("exported_at").put("events", 4);
        ObjectNode changes = JsonNodeFactory.instance.objectNode().put("description", "new");
        Map<String, NewEvent> built = new LinkedHashMap<>();
        built.put("p1", ProjectEvents.created(source.attributes(), content, null));
        built.put("p1 ", ProjectEvents.updated(changes));
        built.put("p2", ProjectEvents.copied(copy, content, source));
        built.put("p3", ProjectEvents.imported(new StreamAttributes("p3", "default", "user", "alice", null),
                content, bundle));
        built.put("p1   ", ProjectEvents.snapshotCreated("s1", 2, "before the rewrite"));
        built.put("p1    ", ProjectEvents.restored("s1", 2, content));
        built.put("p1     ", ProjectEvents.snapshotDeleted("s1"));
        Recipient bea = new Recipient(null, null, "bea", "globex");
        built.put("p1      ", ShareEvents.shared("shr_0123456789abcdef0123", ShareRole.VIEWER, bea, null, "alice", "acme"));
        built.put("p1       ", ShareEvents.shared("shr_0123456789abcdef0124", ShareRole.EDITOR,
                new Recipient(null, "bea@globex.example", null, null), OffsetDateTime.now(ZoneOffset.UTC), "alice",
                null));
        built.put("p1        ", ShareEvents.superseded("shr_0123456789abcdef0123", "shr_0123456789abcdef0124"));
        built.put("p1         ", ShareEvents.accepted("shr_0123456789abcdef0124"));
        built.put("p1          ", ShareEvents.roleChanged("shr_0123456789abcdef0124", ShareRole.VIEWER, ShareRole.EDITOR));
        built.put("p1           ", ShareEvents.revoked("shr_0123456789abcdef0124"));
        built.put("p1            ", ShareEvents.left("shr_0123456789abcdef0124"));
        built.put("p1  ", ProjectEvents.deleted("cleanup"));
        int version = 0;
        for (Map.Entry<String, NewEvent> e : built.entrySet()) {
            ObjectNode ce = publish(e.getKey().trim(), ++version, e.getValue());
            String type = e.getValue().type();
            assertEquals(Set.of(), messages(payloadSchema(type).validate(ce)), type + ": " + ce);
            // the envelope is what CloudEvents.parse reads back
            assertEquals(type, CloudEvents.parse(ce).type());
        }
        // the schemas are not vacuous: a copy without its source, or a mislabelled event, fails
        ObjectNode noSource = publish("p2", 1, ProjectEvents.copied(copy, content, source));
        ((ObjectNode) noSource.get("data")).remove("source");
        assertFalse(payloadSchema(ProjectEvents.COPIED).validate(noSource).isEmpty());
        ObjectNode mislabelled = publish("p1", 5, ProjectEvents.deleted("cleanup"));
        assertFalse(payloadSchema(ProjectEvents.CREATED).validate(mislabelled).isEmpty());
        ObjectNode twoWays = publish("p1", 6, ShareEvents.shared("shr_0123456789abcdef0123", ShareRole.VIEWER, bea, null,
                "alice", "acme"));
        ((ObjectNode) twoWays.at("/data/recipient")).put("sub", "s-1");
        assertFalse(payloadSchema(ShareEvents.SHARED).validate(twoWays).isEmpty(), "a recipient named two ways");
        ObjectNode badVersion = publish("p1", 1, ProjectEvents.updated(changes)).put("sequence", "two");
        assertFalse(payloadSchema(ProjectEvents.UPDATED).validate(badVersion).isEmpty());
    }

    private static ObjectNode publish(String project, int version, NewEvent event) {
        ObjectNode metadata = JsonNodeFactory.instance.objectNode().put("actor", "alice").put("workspace_id", "default");
        return CloudEvents.of(new RecordedEvent(UUID.randomUUID(), project, version, 100 + version, event.type(),
                event.data(), metadata, OffsetDateTime.now(ZoneOffset.UTC)));
    }

    /** The message's payload schema as a standalone JSON Schema (components.schemas as definitions). */
    static JsonSchema payloadSchema(String message) {
        if (doc == null) {
            try {
                parse();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        ObjectNode schema = (ObjectNode) rewriteRefs(resolve(doc.at("/components/messages/" + message)).get("payload"));
        schema.set("definitions", rewriteRefs(doc.at("/components/schemas")));
        return SCHEMAS.getSchema(schema);
    }

    private static JsonNode rewriteRefs(JsonNode node) {
        JsonNode copy = node.deepCopy();
        copy.findParents("$ref").forEach(p -> ((ObjectNode) p).set("$ref",
                new TextNode(p.get("$ref").asText().replace("#/components/schemas/", "#/definitions/"))));
        return copy;
    }

    private static JsonNode resolve(JsonNode node) {
        return node.has("$ref") ? doc.at(node.get("$ref").asText().substring(1)) : node;
    }

    private static Set<String> eventTypes() throws IllegalAccessException {
        Set<String> types = new TreeSet<>();
        for (Class<?> events : List.of(ProjectEvents.class, ShareEvents.class)) {
            for (Field f : events.getFields()) {
                if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                    types.add((String) f.get(null));
                }
            }
        }
        return types;
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> messages(Set<ValidationMessage> m) {
        return m.stream().map(ValidationMessage::getMessage).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String defaultOf(String method) throws NoSuchMethodException {
        return ServiceConfig.Kafka.class.getMethod(method).getAnnotation(WithDefault.class).value();
    }
}
