package io.projectservice.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.projectservice.api.RequestBodies.SnapshotCreateBody;
import io.projectservice.api.RequestBodies.SnapshotRef;
import io.projectservice.api.RequestBodies.SnapshotRestoreBody;
import io.projectservice.config.JsonCodec;
import io.projectservice.config.ServiceConfig;
import io.projectservice.projects.CommandContext;
import io.projectservice.projects.ProjectQueries;
import io.projectservice.projects.ProjectViews;
import io.projectservice.projects.Scope;
import io.projectservice.projects.SnapshotCommands;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

/** Snapshots of a project: create, list, restore, delete. */
@Path("/api/v1/projects/{workspace_id}/snapshots")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class SnapshotsResource {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final RequestReader requests;
    private final SnapshotCommands snapshots;
    private final ProjectQueries queries;
    private final JsonCodec json;
    private final ServiceConfig.ListSettings lists;
    private final long pageMaxBytes;

    public SnapshotsResource(RequestReader requests, SnapshotCommands snapshots, ProjectQueries queries, JsonCodec json,
            ServiceConfig config) {
        this.requests = requests;
        this.snapshots = snapshots;
        this.queries = queries;
        this.json = json;
        this.lists = config.list();
        this.pageMaxBytes = config.limits().pageMaxBytes();
    }

    @POST
    @Path("create")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Envelope> create(@RestPath("workspace_id") String workspaceId, SnapshotCreateBody body) {
        CommandContext req = requests.info(workspaceId);
        SnapshotCreateBody b = RequestReader.requireBody(body);
        return snapshots.create(req, b.projectId(), Scope.parse(b.scope(), "scope"), b.description())
                .map(created -> {
                    ObjectNode data = ProjectViews.snapshot(created.snapshot(), created.incarnationStart())
                            .put("project_id", created.projectId());
                    return Envelope.success("Snapshot " + data.get("snapshot_id").asText() + " of project '"
                            + created.projectId() + "' created successfully", data);
                });
    }

    /**
     * Newest first, a page at a time: at most {@code limit} snapshots and about
     * {@code projects.limits.page-max-bytes} of JSON; {@code X-Next-Cursor} holds how many the
     * next page skips.
     */
    @GET
    @Path("list")
    public Uni<RestResponse<Envelope>> list(@RestPath("workspace_id") String workspaceId,
            @RestQuery("project_id") String projectId, @RestQuery String scope, @RestQuery String limit,
            @RestQuery String cursor) {
        CommandContext req = requests.info(workspaceId);
        Integer size = RequestReader.limitParam(limit);
        int pageSize = size == null ? lists.defaultLimit() : Math.min(size, lists.maxLimit());
        int skip = RequestReader.numberCursor(cursor, 0, "the number from X-Next-Cursor (0 or more)");
        return queries.load(req, projectId, Scope.parse(scope, "scope")).map(loaded -> {
            ArrayNode all = loaded.state().snapshots;
            ArrayNode items = JSON.arrayNode();
            long bytes = 0;
            // newest first: the snapshot a person wants back is usually the latest
            for (int i = all.size() - 1 - skip; i >= 0 && items.size() < pageSize; i--) {
                ObjectNode item = ProjectViews.snapshot((ObjectNode) all.get(i), loaded.state().incarnationStart);
                bytes += json.size(item);
                if (!items.isEmpty() && bytes > pageMaxBytes) {
                    break;
                }
                items.add(item);
            }
            var response = RestResponse.ResponseBuilder.ok(Envelope.success("Snapshots retrieved successfully", items));
            if (skip + items.size() < all.size()) {
                response.header("X-Next-Cursor", String.valueOf(skip + items.size()));
            }
            return response.build();
        });
    }

    @POST
    @Path("restore")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Envelope> restore(@RestPath("workspace_id") String workspaceId, SnapshotRestoreBody body) {
        CommandContext req = requests.info(workspaceId);
        SnapshotRestoreBody b = RequestReader.requireBody(body);
        boolean safety = !Boolean.FALSE.equals(b.createSafetySnapshot());
        return snapshots.restore(req, b.projectId(), Scope.parse(b.scope(), "scope"), b.snapshotId(), safety)
                .map(restored -> Envelope.success("Project '" + restored.projectId() + "' restored from snapshot "
                        + restored.snapshotId() + " (version " + restored.restoredFromVersion() + ")",
                        JSON.objectNode().put("project_id", restored.projectId())
                                .put("restored_from", restored.snapshotId())
                                .put("restored_from_version", restored.restoredFromVersion())
                                .put("safety_snapshot_id", restored.safetySnapshotId())
                                .put("version", restored.version())));
    }

    @POST
    @Path("delete")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Envelope> delete(@RestPath("workspace_id") String workspaceId, SnapshotRef body) {
        CommandContext req = requests.info(workspaceId);
        SnapshotRef b = RequestReader.requireBody(body);
        return snapshots.delete(req, b.projectId(), Scope.parse(b.scope(), "scope"), b.snapshotId())
                .map(x -> Envelope.success("Snapshot " + b.snapshotId() + " deleted successfully", null));
    }
}
