package io.projectservice.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * The Kafka record value of an event: CloudEvents 1.0, structured JSON mode. Extensions:
 * {@code sequence} = stream version (gapless over the stream's whole life: what consumers are
 * idempotent by), {@code position} = global position in the log, and for events written since
 * incarnations are recorded: {@code incarnation} = which life of the project id this is (1, then 2
 * after the id was deleted and used again, ...) and {@code projectversion} = the version as the
 * API counts it, from 1 in that incarnation.
 */
public final class CloudEvents {
    public static final String TYPE_PREFIX = "projects.";
    public static final String TYPE_SUFFIX = ".v1";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx");

    private CloudEvents() {
    }

    public static ObjectNode of(RecordedEvent e) {
        String workspace = e.metadata().path("workspace_id").asText("default");
        ObjectNode ce = JsonNodeFactory.instance.objectNode()
                .put("specversion", "1.0")
                .put("id", e.eventId().toString())
                .put("source", "/workspaces/" + workspace + "/projects/" + e.streamId())
                .put("type", TYPE_PREFIX + e.type() + TYPE_SUFFIX)
                .put("subject", e.streamId())
                .put("time", e.recordedAt().withOffsetSameInstant(ZoneOffset.UTC).format(TIME))
                .put("datacontenttype", "application/json")
                .put("sequence", e.version())
                .put("position", e.globalPosition())
                .put("actor", e.metadata().path("actor").asText(null));
        JsonNode incarnation = e.metadata().get("incarnation");
        JsonNode start = e.metadata().get("incarnation_start");
        if (incarnation != null && incarnation.isInt() && start != null && start.isInt()) {
            ce.put("incarnation", incarnation.asInt()).put("projectversion", e.version() - start.asInt() + 1);
        }
        ce.set("data", e.data());
        return ce;
    }

    /** Reads a CloudEvent written by {@link #of} back into an event (metadata: actor and workspace). */
    public static RecordedEvent parse(JsonNode ce) {
        String type = ce.path("type").asText();
        if (!type.startsWith(TYPE_PREFIX) || !type.endsWith(TYPE_SUFFIX)) {
            throw new IllegalArgumentException("not a projects event type: " + type);
        }
        String source = ce.path("source").asText();
        String workspace = source.startsWith("/workspaces/") ? source.split("/")[2] : null;
        ObjectNode metadata = JsonNodeFactory.instance.objectNode()
                .put("actor", ce.path("actor").asText(null)).put("workspace_id", workspace);
        return new RecordedEvent(UUID.fromString(ce.path("id").asText()), ce.path("subject").asText(),
                ce.path("sequence").asInt(), ce.path("position").asLong(),
                type.substring(TYPE_PREFIX.length(), type.length() - TYPE_SUFFIX.length()),
                (ObjectNode) ce.path("data"), metadata, OffsetDateTime.parse(ce.path("time").asText()));
    }
}
