package io.projectservice.sharing;

import com.fasterxml.jackson.databind.JsonNode;
import io.projectservice.config.ServiceConfig;
import io.projectservice.errors.Refusal;
import io.projectservice.eventstore.NewEvent;
import io.projectservice.eventstore.StreamHead;
import io.projectservice.projects.CommandContext;
import io.projectservice.projects.ProjectAccess;
import io.projectservice.projects.ProjectGate;
import io.projectservice.projects.ProjectIds;
import io.projectservice.projects.ProjectRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;

/**
 * The share lifecycle. Every change is an event appended to the project's stream and the share's
 * row updated in the same transaction, under the stream's lock; repeating a change that already
 * happened (revoke, accept, leave again; a role it already has) appends nothing and succeeds.
 * {@link ShareDecisions} decides; this class reads, locks and writes.
 */
@ApplicationScoped
public class ShareCommands {
    private static final SecureRandom RANDOM = new SecureRandom();

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

    public Uni<Share> share(CommandContext req, String projectId, JsonNode recipientJson, String role,
            Integer expiresInMinutes) {
        String id = ProjectIds.requireProjectId(projectId, "project_id");
        Recipient recipient = Recipient.parse(recipientJson);
        ShareRole shareRole = ShareDecisions.requireRole(role);
        OffsetDateTime expiresAt = ShareDecisions.expiresAt(expiresInMinutes, limits.maxExpiresInMinutes(),
                OffsetDateTime.now(ZoneOffset.UTC));
        ShareDecisions.requireOtherThanSharer(recipient, req.caller());
        String shareId = newShareId();
        return projects.transaction(req, tx -> projects.lockHead(tx, id), (tx, locked) -> gate
                .require(tx, locked, req.caller(), id, locked == null ? req.workspaceId() : locked.workspaceId(),
                        null, ProjectAccess.Need.SHARE)
                .flatMap(access -> shares.countOpen(tx, id).flatMap(open -> {
                    ShareDecisions.requireRoom(id, open, limits.maxOpenPerProject());
                    return shares.openTo(tx, id, recipient);
                }))
                .flatMap(earlier -> {
                    StreamHead head = locked;
                    List<NewEvent> events = ShareDecisions.share(shareId, shareRole, recipient, expiresAt,
                            req.caller(), earlier);
                    return projects.append(tx, head, null, events, req.eventMetadata(head))
                            .call(() -> setAll(tx, earlier, Share.SUPERSEDED))
                            .call(() -> shares.insert(tx, shareId, head, req.caller(), recipient, shareRole,
                                    expiresAt))
                            .flatMap(x -> shares.find(tx, shareId));
                }));
    }

    /** Revokes by share id, or the newest share of a project to a recipient named by {@code sub}. */
    public Uni<Share> revoke(CommandContext req, String shareId, String projectId, String recipientSub) {
        if (shareId == null && (projectId == null || recipientSub == null)) {
            throw Refusal.invalid("field_required", "Give 'share_id', or 'project_id' and 'recipient_sub'");
        }
        if (shareId != null) {
            return asSharer(req, ShareDecisions.requireShareId(shareId), (tx, head, share) ->
                    change(tx, req, head, share, ShareDecisions.revoke(share), Share.REVOKED));
        }
        String id = ProjectIds.requireProjectId(projectId, "project_id");
        return projects.transaction(req, tx -> projects.lockHead(tx, id), (tx, head) -> gate
                .require(tx, head, req.caller(), id, head == null ? req.workspaceId() : head.workspaceId(), null,
                        ProjectAccess.Need.SHARE)
                .flatMap(access -> shares.newestToSub(tx, id, recipientSub))
                .flatMap(share -> {
                    if (share == null) {
                        throw Refusal.notFound("share_not_found",
                                "Project '" + id + "' has no share to '" + recipientSub + "'");
                    }
                    return change(tx, req, head, share, ShareDecisions.revoke(share), Share.REVOKED);
                }));
    }

    public record RoleChange(Share share, boolean changed) {
    }

    public Uni<RoleChange> updateRole(CommandContext req, String shareId, String role) {
        ShareRole wanted = ShareDecisions.requireRole(role);
        return asSharer(req, ShareDecisions.requireShareId(shareId), (tx, head, share) -> {
            NewEvent event = ShareDecisions.changeRole(share, wanted);
            if (event == null) {
                return Uni.createFrom().item(new RoleChange(share, false));
            }
            return projects.append(tx, head, null, List.of(event), req.eventMetadata(head))
                    .call(() -> shares.setRole(tx, share.shareId(), wanted))
                    .flatMap(x -> shares.find(tx, share.shareId())).map(s -> new RoleChange(s, true));
        });
    }

    public Uni<Share> accept(CommandContext req, String shareId) {
        return asRecipient(req, ShareDecisions.requireShareId(shareId), (tx, head, share) ->
                change(tx, req, head, share, ShareDecisions.accept(share), Share.ACCEPTED));
    }

    public Uni<Share> leave(CommandContext req, String shareId) {
        return asRecipient(req, ShareDecisions.requireShareId(shareId), (tx, head, share) ->
                change(tx, req, head, share, ShareDecisions.leave(share), Share.LEFT));
    }

    public Uni<Shares.Synced> sync(CommandContext req) {
        return pool.withTransaction(tx -> shares.sync(tx, req.caller(), limits.syncMaxPruned()));
    }

    private interface Step<T> {
        Uni<T> apply(SqlConnection tx, StreamHead head, Share share);
    }

    /** Runs {@code step} on a share for its project's author: the share is read again under the project's lock. */
    private <T> Uni<T> asSharer(CommandContext req, String shareId, Step<T> step) {
        return lockedShare(req, shareId, (tx, head, share) -> {
            if (ShareDecisions.isSharer(share, req.caller())) {
                return step.apply(tx, head, share);
            }
            return shares.grant(tx, head, req.caller()).map(grant -> {
                ShareDecisions.requireSharer(share, req.caller(), grant != null);
                throw new IllegalStateException("requireSharer lets only the sharer through");
            });
        });
    }

    /** Runs {@code step} on a share for its recipient; anyone else gets 404. */
    private <T> Uni<T> asRecipient(CommandContext req, String shareId, Step<T> step) {
        return lockedShare(req, shareId, (tx, head, share) -> {
            ShareDecisions.requireRecipient(share, req.caller());
            return step.apply(tx, head, share);
        });
    }

    private <T> Uni<T> lockedShare(CommandContext req, String shareId, Step<T> step) {
        return shares.find(pool, shareId).flatMap(found -> {
            if (found == null) {
                throw ShareDecisions.notFound(shareId);
            }
            return projects.transaction(req, tx -> projects.lockHead(tx, found.projectId()),
                    (tx, head) -> shares.find(tx, shareId).flatMap(share -> step.apply(tx, head, share)));
        });
    }

    /**
     * Records {@code event} (null: the change already happened, nothing to do) and sets the status.
     * A share whose project is gone only changes its row.
     */
    private Uni<Share> change(SqlConnection tx, CommandContext req, StreamHead head, Share share, NewEvent event,
            String status) {
        if (event == null) {
            return Uni.createFrom().item(share);
        }
        Uni<?> appended = !ShareDecisions.recordsEvent(share) ? Uni.createFrom().voidItem()
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

    private static String newShareId() {
        byte[] bytes = new byte[10];
        RANDOM.nextBytes(bytes);
        return "shr_" + HexFormat.of().formatHex(bytes);
    }
}
