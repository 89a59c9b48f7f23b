package io.projectservice.sharing;

import io.projectservice.errors.Refusal;
import io.projectservice.eventstore.NewEvent;
import io.projectservice.projects.Timestamps;
import io.projectservice.security.Caller;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the share commands decide, without a database: who may share, accept, revoke, change the
 * role of or leave a share, which state it moves to, and the events that records. A change that
 * already happened decides nothing to append (null), and the command succeeds again.
 * {@link ShareCommands} reads and writes; these functions judge what it read.
 */
public final class ShareDecisions {
    private static final Pattern SHARE_ID = Pattern.compile("shr_[0-9a-f]{20}");

    private ShareDecisions() {
    }

    /**
     * When a new share ends: {@code minutes} after {@code now}, or never (null); at least 1 minute
     * and at most {@code maxMinutes}.
     */
    public static OffsetDateTime expiresAt(Integer minutes, int maxMinutes, OffsetDateTime now) {
        if (minutes == null) {
            return null;
        }
        if (minutes < 1 || minutes > maxMinutes) {
            throw Refusal.invalid("expiry_invalid", "Field 'expires_in_minutes' must be from 1 to "
                    + maxMinutes + ", or null for a share that does not expire");
        }
        return now.plusMinutes(minutes);
    }

    public static void requireOtherThanSharer(Recipient recipient, Caller sharer) {
        if (recipient.is(sharer)) {
            throw Refusal.invalid("share_with_self", "You cannot share a project with yourself");
        }
    }

    public static void requireRoom(String projectId, long open, int maxOpen) {
        if (open >= maxOpen) {
            throw Refusal.conflict("share_limit_reached",
                    "Project '" + projectId + "' has " + open + " open shares, the most allowed; revoke some first");
        }
    }

    /** A new share: it supersedes the open shares to the same recipient ({@code earlier}), then is made. */
    public static List<NewEvent> share(String shareId, ShareRole role, Recipient recipient, OffsetDateTime expiresAt,
            Caller sharer, List<Share> earlier) {
        List<NewEvent> events = new ArrayList<>();
        earlier.forEach(e -> events.add(ShareEvents.superseded(e.shareId(), shareId)));
        events.add(ShareEvents.shared(shareId, role, recipient, expiresAt, sharer.username(), sharer.organization()));
        return events;
    }

    /**
     * Whether the caller may change {@code share} as its sharer. {@code holdsGrant}: whether the
     * caller holds a usable share of the project (asked only when not the sharer). Whoever holds
     * one, or is this share's recipient, is told it is the owner's; anyone else that it does not exist.
     */
    public static void requireSharer(Share share, Caller caller, boolean holdsGrant) {
        if (isSharer(share, caller)) {
            return;
        }
        if (holdsGrant || share.recipient().is(caller)) {
            throw Refusal.forbidden("owner_only_share", "Only the owner of project '" + share.projectId()
                    + "' changes its shares");
        }
        throw notFound(share.shareId());
    }

    public static boolean isSharer(Share share, Caller caller) {
        return caller.isAuthor(share.sharer(), share.sharerOrganization());
    }

    /** Only a share's recipient accepts or leaves it; to anyone else it does not exist. */
    public static void requireRecipient(Share share, Caller caller) {
        if (!share.recipient().is(caller)) {
            throw notFound(share.shareId());
        }
    }

    /** The event of accepting {@code share}, or null when it is usable already. */
    public static NewEvent accept(Share share) {
        if (share.usable()) {
            return null;
        }
        requireOpen(share, "accept");
        return ShareEvents.accepted(share.shareId());
    }

    /** The event of the recipient leaving {@code share}, or null when they left already. */
    public static NewEvent leave(Share share) {
        if (Share.LEFT.equals(share.status())) {
            return null;
        }
        requireNotEnded(share);
        return ShareEvents.left(share.shareId());
    }

    /** The event of revoking {@code share}, or null when it is revoked already. */
    public static NewEvent revoke(Share share) {
        if (Share.REVOKED.equals(share.status())) {
            return null;
        }
        requireNotEnded(share);
        return ShareEvents.revoked(share.shareId());
    }

    /** The event of giving {@code share} the role {@code role}, or null when it has it already. */
    public static NewEvent changeRole(Share share, ShareRole role) {
        requireOpen(share, "change the role of");
        return share.role() == role ? null : ShareEvents.roleChanged(share.shareId(), role, share.role());
    }

    /** A share whose project was deleted (or replaced under its id) changes its row only: its stream ended it. */
    public static boolean recordsEvent(Share share) {
        return !share.projectGone();
    }

    private static void requireNotEnded(Share share) {
        if (!share.open()) {
            throw Refusal.conflict("share_ended",
                    "Share '" + share.shareId() + "' already ended (" + share.status() + ")");
        }
    }

    private static void requireOpen(Share share, String what) {
        if (!share.open()) {
            throw Refusal.conflict("share_inactive",
                    "Cannot " + what + " share '" + share.shareId() + "': it is " + share.status());
        }
        if (share.expired()) {
            throw Refusal.conflict("share_expired",
                    "Cannot " + what + " share '" + share.shareId() + "': it expired at "
                    + Timestamps.text(share.expiresAt()));
        }
        if (share.projectGone()) {
            throw Refusal.conflict("share_project_deleted", "Cannot " + what + " share '" + share.shareId()
                    + "': its project was deleted");
        }
    }

    public static ShareRole requireRole(String role) {
        return ShareRole.parse(role);
    }

    public static String requireShareId(String shareId) {
        if (shareId == null || shareId.isEmpty()) {
            throw Refusal.invalid("field_required", "Field 'share_id' is required");
        }
        if (!SHARE_ID.matcher(shareId).matches()) {
            throw Refusal.invalid("share_id_invalid",
                    "Field 'share_id' is not a share id ('shr_' and 20 hexadecimal digits)");
        }
        return shareId;
    }

    static Refusal notFound(String shareId) {
        return Refusal.notFound("share_not_found", "Share '" + shareId + "' not found");
    }
}
