package io.projectservice.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.projectservice.api.Requests.SnapshotCreateBody;
import io.projectservice.api.Requests.SnapshotRef;
import io.projectservice.api.Requests.SnapshotRestoreBody;
import io.projectservice.projects.ProjectQueries;
import io.projectservice.projects.ProjectViews;
import io.projectservice.projects.RequestInfo;
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

/** Snapshots of a project: create, list, restore, delete. */
@Path("/api/v1/projects/{workspace_id}/snapshots")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class SnapshotsResource {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ApiRequests requests;
    private final SnapshotCommands snapshots;
    private final ProjectQueries queries;

    public SnapshotsResource(ApiRequests requests, SnapshotCommands snapshots, ProjectQueries queries) {
        this.requests = requests;
        this.snapshots = snapshots;
        this.queries = queries;
    }

    @POST
    @Path("create")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Envelope> create(@RestPath("workspace_id") String workspaceId, SnapshotCreateBody body) {
        RequestInfo req = requests.info(workspaceId);
        SnapshotCreateBody b = ApiRequests.requireBody(body);
        return snapshots.create(req, b.projectId(), Scope.parse(b.scope(), "scope"), b.description())
                .map(created -> {
                    ObjectNode data = ProjectViews.snapshot(created.snapshot()).put("project_id", created.projectId());
                    return Envelope.success("Snapshot " + data.get("snapshot_id").asText() + " of project '"
                            + created.projectId() + "' created successfully", data);
                });
    }

    @GET
    @Path("list")
    public Uni<Envelope> list(@RestPath("workspace_id") String workspaceId, @RestQuery("project_id") String projectId,
            @RestQuery String scope) {
        RequestInfo req = requests.info(workspaceId);
        return queries.load(req, projectId, Scope.parse(scope, "scope")).map(loaded -> {
            ArrayNode items = JSON.arrayNode();
            // newest first: the snapshot a person wants back is usually the latest
            for (int i = loaded.state().snapshots.size() - 1; i >= 0; i--) {
                items.add(ProjectViews.snapshot((ObjectNode) loaded.state().snapshots.get(i)));
            }
            return Envelope.success("Snapshots retrieved successfully", items);
        });
    }

    @POST
    @Path("restore")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Envelope> restore(@RestPath("workspace_id") String workspaceId, SnapshotRestoreBody body) {
        RequestInfo req = requests.info(workspaceId);
        SnapshotRestoreBody b = ApiRequests.requireBody(body);
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
        RequestInfo req = requests.info(workspaceId);
        SnapshotRef b = ApiRequests.requireBody(body);
        return snapshots.delete(req, b.projectId(), Scope.parse(b.scope(), "scope"), b.snapshotId())
                .map(x -> Envelope.success("Snapshot " + b.snapshotId() + " deleted successfully", null));
    }
}
