package io.projectservice.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.projectservice.eventstore.RecordedEvent;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** Recorded events written by hand (JSON payloads as text), for tests that need no database. */
public final class Events {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The moment event {@code v} of every stream here was recorded: v minutes after this. */
    public static final OffsetDateTime T0 = OffsetDateTime.of(2026, 1, 1, 9, 0, 0, 0, ZoneOffset.UTC);

    private Events() {
    }

    public static RecordedEvent event(String stream, int version, String type, String data) {
        return new RecordedEvent(UUID.nameUUIDFromBytes((stream + version).getBytes()), stream, version, version,
                type, json(data), json("{\"actor\": \"ann\"}"), at(version));
    }

    public static OffsetDateTime at(int version) {
        return T0.plusMinutes(version);
    }

    public static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
