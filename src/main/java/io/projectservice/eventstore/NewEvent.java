package io.projectservice.eventstore;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** An event about to be appended: its type name and its payload. */
public record NewEvent(String type, ObjectNode data) {
}
