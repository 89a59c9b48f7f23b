package io.projectservice.pipeline;

import io.projectservice.eventstore.RecordedEvent;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] DATA_FIELD = ",\"data\":".getBytes(StandardCharsets.US_ASCII);

    private CloudEvents() {
    }

    /**
     * The envelope of one event: every attribute but {@code data}. {@code incarnation} and
     * {@code incarnationStart} (the stream version its incarnation began at) are null for events
     * written before incarnations were recorded.
     */
    public record Envelope(UUID id, String subject, String workspaceId, String type, OffsetDateTime time,
            int sequence, long position, String actor, Integer incarnation, Integer incarnationStart) {

        /** The envelope alone, as a JSON object (what a dead letter of the relay carries). */
        public byte[] encodeWithoutData() {
            ByteArrayOutputStream out = new ByteArrayOutputStream(320);
            try (JsonGenerator g = JSON.createGenerator(out)) {
                g.writeStartObject();
                g.writeStringField("specversion", "1.0");
                g.writeStringField("id", id.toString());
                g.writeStringField("source", "/workspaces/" + (workspaceId == null ? "default" : workspaceId)
                        + "/projects/" + subject);
                g.writeStringField("type", TYPE_PREFIX + type + TYPE_SUFFIX);
                g.writeStringField("subject", subject);
                g.writeStringField("time", time.withOffsetSameInstant(ZoneOffset.UTC).format(TIME));
                g.writeStringField("datacontenttype", "application/json");
                g.writeNumberField("sequence", sequence);
                g.writeNumberField("position", position);
                g.writeStringField("actor", actor);
                if (incarnation != null && incarnationStart != null) {
                    g.writeNumberField("incarnation", incarnation);
                    g.writeNumberField("projectversion", sequence - incarnationStart + 1);
                }
                g.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }

        /**
         * The whole CloudEvent, with {@code data} spliced in as the JSON text it is stored as:
         * never parsed into a tree and written out again, so a large event costs its text, its
         * bytes and this array, nothing more.
         */
        public byte[] encode(String data) {
            byte[] head = encodeWithoutData();
            byte[] body = data.getBytes(StandardCharsets.UTF_8);
            int open = head.length - 1; // up to the closing brace
            byte[] out = new byte[open + DATA_FIELD.length + body.length + 1];
            System.arraycopy(head, 0, out, 0, open);
            System.arraycopy(DATA_FIELD, 0, out, open, DATA_FIELD.length);
            System.arraycopy(body, 0, out, open + DATA_FIELD.length, body.length);
            out[out.length - 1] = '}';
            return out;
        }
    }

    public static Envelope envelope(RecordedEvent e) {
        return new Envelope(e.eventId(), e.streamId(), e.metadata().path("workspace_id").asText("default"), e.type(),
                e.recordedAt(), e.version(), e.globalPosition(), e.metadata().path("actor").asText(null),
                intOrNull(e.metadata().get("incarnation")), intOrNull(e.metadata().get("incarnation_start")));
    }

    private static Integer intOrNull(JsonNode n) {
        return n != null && n.isInt() ? n.asInt() : null;
    }

    /** The CloudEvent of an event as a tree: the relay's bytes read back (documentation and tests). */
    public static ObjectNode of(RecordedEvent e) {
        try {
            return (ObjectNode) new ObjectMapper().readTree(envelope(e).encode(e.data().toString()));
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }

    /** Reads a CloudEvent written by {@link Envelope#encode} back into an event (metadata: actor and workspace). */
    public static RecordedEvent parse(JsonNode ce) {
        String type = ce.path("type").asText();
        if (!type.startsWith(TYPE_PREFIX) || !type.endsWith(TYPE_SUFFIX)) {
            throw new IllegalArgumentException("not a projects event type: " + type);
        }
        if (!(ce.get("data") instanceof ObjectNode data)) {
            throw new IllegalArgumentException("the event's data is not a JSON object");
        }
        String source = ce.path("source").asText();
        String workspace = source.startsWith("/workspaces/") ? source.split("/")[2] : null;
        ObjectNode metadata = JsonNodeFactory.instance.objectNode()
                .put("actor", ce.path("actor").asText(null)).put("workspace_id", workspace);
        return new RecordedEvent(UUID.fromString(ce.path("id").asText()), ce.path("subject").asText(),
                ce.path("sequence").asInt(), ce.path("position").asLong(),
                type.substring(TYPE_PREFIX.length(), type.length() - TYPE_SUFFIX.length()),
                data, metadata, OffsetDateTime.parse(ce.path("time").asText()));
    }
}
