package io.projectservice.projects;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.projectservice.idempotency.IdempotencyClaim;
import io.projectservice.security.Caller;

/**
 * Who is asking, in which workspace, under which request id (and Idempotency-Key claim, or null):
 * the metadata of every event.
 */
public record CommandContext(Caller caller, String workspaceId, String requestId, IdempotencyClaim idempotency) {

    /** The metadata of an event in an existing project's stream: its workspace and scope, whoever writes. */
    public ObjectNode eventMetadata(io.projectservice.eventstore.StreamHead head) {
        return eventMetadata(head.scope()).put("workspace_id", head.workspaceId());
    }

    public ObjectNode eventMetadata(String scope) {
        ObjectNode metadata = JsonNodeFactory.instance.objectNode()
                .put("actor", caller.username())
                .put("organization", caller.organization())
                .put("workspace_id", workspaceId)
                .put("scope", scope)
                .put("request_id", requestId);
        if (idempotency != null) {
            metadata.put("idempotency_key", idempotency.key());
        }
        return metadata;
    }
}
