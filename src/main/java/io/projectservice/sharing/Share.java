package io.projectservice.sharing;

import io.projectservice.projects.ShareGrant;
import java.time.OffsetDateTime;

/**
 * A share as its table holds it. {@code live}: granting now (accepted, or pending for the inbox,
 * not expired, and its project's incarnation still the one shared), as the database saw it.
 * {@code projectName} is filled by the listings only.
 */
public record Share(String shareId, String projectId, int incarnationStart, String sharer, String sharerOrganization,
        Recipient recipient, ShareRole role, String status, OffsetDateTime createdAt, OffsetDateTime expiresAt,
        OffsetDateTime acceptedAt, boolean expired, boolean projectGone, String projectName) implements ShareGrant {

    public static final String PENDING = "pending";
    public static final String ACCEPTED = "accepted";
    public static final String REVOKED = "revoked";
    public static final String LEFT = "left";
    public static final String SUPERSEDED = "superseded";

    public boolean open() {
        return PENDING.equals(status) || ACCEPTED.equals(status);
    }

    /** Grants access now: accepted, not expired, its project not deleted or replaced. */
    public boolean usable() {
        return ACCEPTED.equals(status) && !expired && !projectGone;
    }

    @Override
    public boolean editor() {
        return role == ShareRole.EDITOR;
    }
}
