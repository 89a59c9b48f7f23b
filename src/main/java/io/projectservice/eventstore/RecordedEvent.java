package io.projectservice.eventstore;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.util.UUID;

/** An event as stored in the log. */
public record RecordedEvent(UUID eventId, String streamId, int version, long globalPosition, String type,
        ObjectNode data, ObjectNode metadata, OffsetDateTime recordedAt) {
}
