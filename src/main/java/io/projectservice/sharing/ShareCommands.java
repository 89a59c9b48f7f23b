package io.projectservice.sharing;

import com.fasterxml.jackson.databind.JsonNode;
import io.projectservice.config.ServiceConfig;
import io.projectservice.errors.Refusal;
import io.projectservice.eventstore.NewEvent;
import io.projectservice.eventstore.StreamHead;
import io.projectservice.projects.ProjectGate;
import io.projectservice.projects.ProjectIds;
import io.projectservice.projects.ProjectRepository;
import io.projectservice.projects.ProjectViews;
import io.projectservice.projects.RequestInfo;
import io.projectservice.security.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The share lifecycle. Every change is an event appended to the project's stream and the share's
 * row updated in the same transaction, under the stream's lock; repeating a change that already
 * happened (revoke, accept, leave again; a role it already has) appends nothing and succeeds.
 */
@ApplicationScoped
public class ShareCommands {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern SHARE_ID = Pattern.compile("shr_[0-9a-f]{20}");
    private static final Set<String> ROLES = Set.of("viewer", "editor");

    private final Pool pool;
    private final ProjectRepository projects;
    private final ProjectGate gate;
    private final Shares shares;
    private final ServiceConfig.Sharing limits;

    public ShareCommands(Pool pool, ProjectRepository projects, ProjectGate gate, Shares shares,
            ServiceConfig config) {
        this.pool = pool;
        this.projects = projects;
        this.gate = gate;
        this.shares = shares;
        this.limits = config.sharing();
    }

    public Uni<Share> share(RequestInfo req, String projectId, JsonNode recipientJson, String role,
            Integer expiresInMinutes) {
        String id = ProjectIds.requireProjectId(projectId, "project_id");
        Recipient recipient = Recipient.parse(recipientJson);
        String shareRole = requireRole(role);
        if (expiresInMinutes != null && (expiresInMinutes < 1 || expiresInMinutes > limits.maxExpiresInMinutes())) {
            throw Refusal.invalid("expiry_invalid", "Field 'expires_in_minutes' must be from 1 to "
                    + limits.maxExpiresInMinutes() + ", or null for a share that does not expire");
        }
        if (recipient.is(req.caller())) {
            throw Refusal.invalid("share_with_self", "You cannot share a project with yourself");
        }
        OffsetDateTime expiresAt = expiresInMinutes == null ? null
                : OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(expiresInMinutes);
        String shareId = newShareId();
        return projects.transaction(req, tx -> projects.store().lockHead(tx, id), (tx, locked) -> gate
                .require(tx, locked, req.caller(), id, locked == null ? req.workspaceId() : locked.workspaceId(),
                        null, ProjectGate.Need.SHARE)
                .flatMap(access -> shares.countOpen(tx, id).flatMap(open -> {
                    if (open >= limits.maxOpenPerProject()) {
                        throw Refusal.conflict("share_limit_reached",
                                "Project '" + id + "' has " + open + " open shares, the most"
                                + " allowed; revoke some first");
                    }
                    return shares.openTo(tx, id, recipient);
                }))
                .flatMap(earlier -> {
                    StreamHead head = locked;
                    List<NewEvent> events = new ArrayList<>();
                    earlier.forEach(e -> events.add(ShareEvents.superseded(e.shareId(), shareId)));
                    events.add(ShareEvents.shared(shareId, shareRole, recipient, expiresAt, req.caller().username(),
                            req.caller().organization()));
                    return projects.append(tx, head, null, events, req.eventMetadata(head))
                            .call(() -> setAll(tx, earlier, Share.SUPERSEDED))
                            .call(() -> shares.insert(tx, shareId, head, req.caller(), recipient, shareRole,
                                    expiresAt))
                            .flatMap(x -> shares.find(tx, shareId));
                }));
    }

    /** Revokes by share id, or the newest share of a project to a recipient named by {@code sub}. */
    public Uni<Share> revoke(RequestInfo req, String shareId, String projectId, String recipientSub) {
        if (shareId == null && (projectId == null || recipientSub == null)) {
            throw Refusal.invalid("field_required", "Give 'share_id', or 'project_id' and 'recipient_sub'");
        }
        if (shareId != null) {
            return asSharer(req, requireShareId(shareId), (tx, head, share) -> end(tx, req, head, share,
                    Share.REVOKED));
        }
        String id = ProjectIds.requireProjectId(projectId, "project_id");
        return projects.transaction(req, tx -> projects.store().lockHead(tx, id), (tx, head) -> gate
                .require(tx, head, req.caller(), id, head == null ? req.workspaceId() : head.workspaceId(), null,
                        ProjectGate.Need.SHARE)
                .flatMap(access -> shares.newestToSub(tx, id, recipientSub))
                .flatMap(share -> {
                    if (share == null) {
                        throw Refusal.notFound("share_not_found",
                                "Project '" + id + "' has no share to '" + recipientSub + "'");
                    }
                    return end(tx, req, head, share, Share.REVOKED);
                }));
    }

    public record RoleChange(Share share, boolean changed) {
    }

    public Uni<RoleChange> updateRole(RequestInfo req, String shareId, String role) {
        String wanted = requireRole(role);
        return asSharer(req, requireShareId(shareId), (tx, head, share) -> {
            requireOpen(share, "change the role of");
            if (share.role().equals(wanted)) {
                return Uni.createFrom().item(new RoleChange(share, false));
            }
            return projects.append(tx, head, null, List.of(ShareEvents.roleChanged(share.shareId(), wanted,
                    share.role())), req.eventMetadata(head))
                    .call(() -> shares.setRole(tx, share.shareId(), wanted))
                    .flatMap(x -> shares.find(tx, share.shareId())).map(s -> new RoleChange(s, true));
        });
    }

    public Uni<Share> accept(RequestInfo req, String shareId) {
        return asRecipient(req, requireShareId(shareId), (tx, head, share) -> {
            if (share.usable()) {
                return Uni.createFrom().item(share);
            }
            requireOpen(share, "accept");
            return change(tx, req, head, share, ShareEvents.accepted(share.shareId()), Share.ACCEPTED);
        });
    }

    public Uni<Share> leave(RequestInfo req, String shareId) {
        return asRecipient(req, requireShareId(shareId), (tx, head, share) -> {
            if (Share.LEFT.equals(share.status())) {
                return Uni.createFrom().item(share);
            }
            if (!share.open()) {
                throw Refusal.conflict("share_ended",
                        "Share '" + share.shareId() + "' already ended (" + share.status() + ")");
            }
            return change(tx, req, head, share, ShareEvents.left(share.shareId()), Share.LEFT);
        });
    }

    public Uni<Shares.Synced> sync(RequestInfo req) {
        return pool.withTransaction(tx -> shares.sync(tx, req.caller(), limits.syncMaxPruned()));
    }

    private interface Step<T> {
        Uni<T> apply(SqlConnection tx, StreamHead head, Share share);
    }

    /**
     * Runs {@code step} on a share for its project's author: the share is read again under the
     * project's lock. Whoever holds a usable share of the project, or is this share's recipient,
     * gets 403; the rest 404, as if there were no such share.
     */
    private <T> Uni<T> asSharer(RequestInfo req, String shareId, Step<T> step) {
        return lockedShare(req, shareId, (tx, head, share) -> {
            Caller caller = req.caller();
            if (caller.isAuthor(share.sharer(), share.sharerOrganization())) {
                return step.apply(tx, head, share);
            }
            return shares.grant(tx, head, caller).map(grant -> {
                if (grant != null || share.recipient().is(caller)) {
                    throw Refusal.forbidden("owner_only_share", "Only the owner of project '" + share.projectId()
                            + "' changes its shares");
                }
                throw shareNotFound(shareId);
            });
        });
    }

    /** Runs {@code step} on a share for its recipient; anyone else gets 404. */
    private <T> Uni<T> asRecipient(RequestInfo req, String shareId, Step<T> step) {
        return lockedShare(req, shareId, (tx, head, share) -> {
            if (!share.recipient().is(req.caller())) {
                throw shareNotFound(shareId);
            }
            return step.apply(tx, head, share);
        });
    }

    private <T> Uni<T> lockedShare(RequestInfo req, String shareId, Step<T> step) {
        return shares.find(pool, shareId).flatMap(found -> {
            if (found == null) {
                throw shareNotFound(shareId);
            }
            return projects.transaction(req, tx -> projects.store().lockHead(tx, found.projectId()),
                    (tx, head) -> shares.find(tx, shareId).flatMap(share -> step.apply(tx, head, share)));
        });
    }

    /** Ends an open share ({@code revoked}); ending it again the same way succeeds again. */
    private Uni<Share> end(SqlConnection tx, RequestInfo req, StreamHead head, Share share, String status) {
        if (status.equals(share.status())) {
            return Uni.createFrom().item(share);
        }
        if (!share.open()) {
            throw Refusal.conflict("share_ended",
                    "Share '" + share.shareId() + "' already ended (" + share.status() + ")");
        }
        return change(tx, req, head, share, ShareEvents.revoked(share.shareId()), status);
    }

    /**
     * Appends the event and sets the status. A share whose project was deleted (or replaced by a
     * new project under its id) only changes its row: that stream's deletion already ended it.
     */
    private Uni<Share> change(SqlConnection tx, RequestInfo req, StreamHead head, Share share, NewEvent event,
            String status) {
        Uni<?> appended = share.projectGone() ? Uni.createFrom().voidItem()
                : projects.append(tx, head, null, List.of(event), req.eventMetadata(head));
        return appended.call(() -> shares.setStatus(tx, share.shareId(), status))
                .flatMap(x -> shares.find(tx, share.shareId()));
    }

    private Uni<Void> setAll(SqlConnection tx, List<Share> list, String status) {
        Uni<Void> done = Uni.createFrom().voidItem();
        for (Share s : list) {
            done = done.call(() -> shares.setStatus(tx, s.shareId(), status));
        }
        return done;
    }

    private static void requireOpen(Share share, String what) {
        if (!share.open()) {
            throw Refusal.conflict("share_inactive",
                    "Cannot " + what + " share '" + share.shareId() + "': it is " + share.status());
        }
        if (share.expired()) {
            throw Refusal.conflict("share_expired",
                    "Cannot " + what + " share '" + share.shareId() + "': it expired at "
                    + ProjectViews.time(share.expiresAt()));
        }
        if (share.projectGone()) {
            throw Refusal.conflict("share_project_deleted", "Cannot " + what + " share '" + share.shareId()
                    + "': its project was deleted");
        }
    }

    private static String requireRole(String role) {
        if (role == null || !ROLES.contains(role)) {
            throw Refusal.invalid("share_role_invalid", "Field 'share_role' must be 'viewer' or 'editor'");
        }
        return role;
    }

    private static String requireShareId(String shareId) {
        if (shareId == null || shareId.isEmpty()) {
            throw Refusal.invalid("field_required", "Field 'share_id' is required");
        }
        if (!SHARE_ID.matcher(shareId).matches()) {
            throw Refusal.invalid("share_id_invalid",
                    "Field 'share_id' is not a share id ('shr_' and 20 hexadecimal digits)");
        }
        return shareId;
    }

    static Refusal shareNotFound(String shareId) {
        return Refusal.notFound("share_not_found", "Share '" + shareId + "' not found");
    }

    private static String newShareId() {
        byte[] bytes = new byte[10];
        RANDOM.nextBytes(bytes);
        return "shr_" + HexFormat.of().formatHex(bytes);
    }
}
