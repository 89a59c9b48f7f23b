package io.projectservice.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.projectservice.projects.CommandContext;
import io.projectservice.projects.ProjectViews;
import io.projectservice.sharing.Share;
import io.projectservice.sharing.ShareCommands;
import io.projectservice.sharing.ShareQueries;
import io.projectservice.sharing.Shares;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.OffsetDateTime;
import java.util.function.Function;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Sharing a project with one other person: the owner's side (share, revoke, update-role, list)
 * and the recipient's (inbox, accept, leave, sync). The workspace in the path does not matter:
 * shares are found by id, projects by project id.
 */
@Path("/api/v1/projects/{workspace_id}/share")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class SharesResource {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    public record ShareBody(String projectId, JsonNode recipient, String shareRole, Integer expiresInMinutes) {
    }

    public record RevokeBody(String shareId, String projectId, String recipientSub) {
    }

    public record RoleBody(String shareId, String shareRole) {
    }

    public record ShareRef(String shareId) {
    }

    private final RequestReader requests;
    private final ShareCommands commands;
    private final ShareQueries queries;

    public SharesResource(RequestReader requests, ShareCommands commands, ShareQueries queries) {
        this.requests = requests;
        this.commands = commands;
        this.queries = queries;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Envelope> share(@RestPath("workspace_id") String workspaceId, ShareBody body) {
        CommandContext req = requests.info(workspaceId);
        ShareBody b = RequestReader.requireBody(body);
        return commands.share(req, b.projectId(), b.recipient(), b.shareRole(), b.expiresInMinutes())
                .map(s -> Envelope.success("Project shared successfully", JSON.objectNode()
                        .put("share_id", s.shareId()).put("project_id", s.projectId())
                        .put("share_role", s.role().wire()).put("status", s.status())
                        .<ObjectNode>set("recipient", s.recipient().json())
                        .put("expires_at", time(s.expiresAt()))));
    }

    @POST
    @Path("revoke")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Envelope> revoke(@RestPath("workspace_id") String workspaceId, RevokeBody body) {
        CommandContext req = requests.info(workspaceId);
        RevokeBody b = RequestReader.requireBody(body);
        return commands.revoke(req, b.shareId(), b.projectId(), b.recipientSub())
                .map(s -> Envelope.success("Share revoked successfully", status(s)));
    }

    @POST
    @Path("update-role")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Envelope> updateRole(@RestPath("workspace_id") String workspaceId, RoleBody body) {
        CommandContext req = requests.info(workspaceId);
        RoleBody b = RequestReader.requireBody(body);
        return commands.updateRole(req, b.shareId(), b.shareRole())
                .map(c -> Envelope.success(c.changed() ? "Share role updated successfully"
                        : "Share role unchanged: it already was " + c.share().role().wire(), JSON.objectNode()
                                .put("share_id", c.share().shareId()).put("share_role", c.share().role().wire())
                                .put("changed", c.changed())));
    }

    /** The caller's outbox, newest first, a page at a time ({@code X-Next-Cursor}). */
    @GET
    @Path("list")
    public Uni<RestResponse<Envelope>> list(@RestPath("workspace_id") String workspaceId,
            @RestQuery("project_id") String projectId, @RestQuery String limit, @RestQuery String cursor) {
        CommandContext req = requests.info(workspaceId);
        Integer size = RequestReader.limitParam(limit);
        return queries.outbox(req, projectId, ListCursors.decodeShares(cursor), size)
                .map(page -> paged("Shares retrieved successfully", page, s -> {
                    ObjectNode item = item(s);
                    item.set("recipient", s.recipient().json());
                    return item;
                }));
    }

    /** Shares addressed to the caller, pending and accepted, not expired, newest first. */
    @GET
    @Path("inbox")
    public Uni<RestResponse<Envelope>> inbox(@RestPath("workspace_id") String workspaceId,
            @RestQuery String limit, @RestQuery String cursor) {
        CommandContext req = requests.info(workspaceId);
        Integer size = RequestReader.limitParam(limit);
        return queries.inbox(req, ListCursors.decodeShares(cursor), size)
                .map(page -> paged("Inbox retrieved successfully", page, s -> {
                    ObjectNode item = item(s);
                    item.putObject("sharer").put("username", s.sharer()).put("organization", s.sharerOrganization());
                    item.put("has_local_token", Share.ACCEPTED.equals(s.status()));
                    return item;
                }));
    }

    @POST
    @Path("accept")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Envelope> accept(@RestPath("workspace_id") String workspaceId, ShareRef body) {
        CommandContext req = requests.info(workspaceId);
        ShareRef b = RequestReader.requireBody(body);
        return commands.accept(req, b.shareId()).map(s -> Envelope.success("Share accepted successfully", status(s)));
    }

    @POST
    @Path("leave")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Envelope> leave(@RestPath("workspace_id") String workspaceId, ShareRef body) {
        CommandContext req = requests.info(workspaceId);
        ShareRef b = RequestReader.requireBody(body);
        return commands.leave(req, b.shareId()).map(s -> Envelope.success("Share left successfully", status(s)));
    }

    /** Takes no body (the SDK sends none, with a JSON content type). */
    @POST
    @Path("sync")
    public Uni<Envelope> sync(@RestPath("workspace_id") String workspaceId) {
        CommandContext req = requests.info(workspaceId);
        return commands.sync(req).map(s -> Envelope.success("Inbox synced successfully",
                JSON.objectNode().put("pruned", s.pruned()).put("active", s.active())));
    }

    private static RestResponse<Envelope> paged(String message, Shares.Page page, Function<Share, ObjectNode> view) {
        ArrayNode items = JSON.arrayNode();
        page.items().forEach(s -> items.add(view.apply(s)));
        var response = RestResponse.ResponseBuilder.ok(Envelope.success(message, items));
        if (page.next() != null) {
            response.header("X-Next-Cursor", ListCursors.encode(page.next()));
        }
        return response.build();
    }

    private static ObjectNode item(Share s) {
        return JSON.objectNode().put("share_id", s.shareId()).put("project_id", s.projectId())
                .put("project_name", s.projectName()).put("share_role", s.role().wire()).put("status", s.status())
                .put("created_at", time(s.createdAt())).put("expires_at", time(s.expiresAt()));
    }

    private static ObjectNode status(Share s) {
        return JSON.objectNode().put("share_id", s.shareId()).put("status", s.status());
    }

    private static String time(OffsetDateTime t) {
        return t == null ? null : ProjectViews.time(t);
    }
}
