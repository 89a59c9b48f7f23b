package io.projectservice.sharing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.projectservice.eventstore.NewEvent;
import io.projectservice.projects.Timestamps;
import java.time.OffsetDateTime;
import java.util.Set;

/**
 * A share's life, as events in its project's stream (v1 payloads, which only ever gain optional
 * fields). Each names the share; {@code ProjectShared} says to whom, as what and until when.
 * They change nothing of the project's content: a fold skips them.
 */
public final class ShareEvents {
    public static final String SHARED = "ProjectShared";
    public static final String ACCEPTED = "ShareAccepted";
    public static final String ROLE_CHANGED = "ShareRoleChanged";
    public static final String REVOKED = "ShareRevoked";
    public static final String LEFT = "ShareLeft";
    public static final String SUPERSEDED = "ShareSuperseded";
    public static final Set<String> ALL = Set.of(SHARED, ACCEPTED, ROLE_CHANGED, REVOKED, LEFT, SUPERSEDED);

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ShareEvents() {
    }

    public static NewEvent shared(String shareId, ShareRole role, Recipient recipient, OffsetDateTime expiresAt,
            String sharer, String sharerOrganization) {
        ObjectNode data = JSON.objectNode().put("share_id", shareId).put("share_role", role.wire());
        data.set("recipient", recipient.json());
        data.put("expires_at", expiresAt == null ? null : Timestamps.text(expiresAt));
        data.putObject("sharer").put("username", sharer).put("organization", sharerOrganization);
        return new NewEvent(SHARED, data);
    }

    public static NewEvent accepted(String shareId) {
        return new NewEvent(ACCEPTED, JSON.objectNode().put("share_id", shareId));
    }

    public static NewEvent roleChanged(String shareId, ShareRole role, ShareRole previousRole) {
        return new NewEvent(ROLE_CHANGED, JSON.objectNode().put("share_id", shareId).put("share_role", role.wire())
                .put("previous_role", previousRole.wire()));
    }

    public static NewEvent revoked(String shareId) {
        return new NewEvent(REVOKED, JSON.objectNode().put("share_id", shareId));
    }

    public static NewEvent left(String shareId) {
        return new NewEvent(LEFT, JSON.objectNode().put("share_id", shareId));
    }

    public static NewEvent superseded(String shareId, String by) {
        return new NewEvent(SUPERSEDED, JSON.objectNode().put("share_id", shareId).put("superseded_by", by));
    }
}
