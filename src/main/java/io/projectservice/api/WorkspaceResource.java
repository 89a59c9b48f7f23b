package io.projectservice.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.projectservice.api.RequestBodies.ImportBody;
import io.projectservice.api.RequestBodies.WorkspaceExportBody;
import io.projectservice.projects.CommandContext;
import io.projectservice.projects.Scope;
import io.projectservice.projects.WorkspaceTransfer;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

/** Every project the caller sees in a scope of a workspace, out as bundles and back in. */
@Path("/api/v1/projects/{workspace_id}")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class WorkspaceResource {
    private final RequestReader requests;
    private final WorkspaceTransfer transfer;

    public WorkspaceResource(RequestReader requests, WorkspaceTransfer transfer) {
        this.requests = requests;
        this.transfer = transfer;
    }

    /** A page of the export: {@code limit} and {@code cursor} (from X-Next-Cursor) as query parameters. */
    @POST
    @Path("export-workspace")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Envelope>> exportWorkspace(@RestPath("workspace_id") String workspaceId,
            @RestQuery String limit, @RestQuery String cursor, WorkspaceExportBody body) {
        CommandContext req = requests.info(workspaceId);
        Scope scope = Scope.parse(body == null ? null : body.scope(), "scope");
        return transfer.export(req, scope, cursor, RequestReader.limitParam(limit)).map(page -> {
            JsonNode summary = page.export().get("summary");
            var response = RestResponse.ResponseBuilder.ok(Envelope.success("Workspace '" + workspaceId
                    + "' exported successfully: " + summary.get("total_projects").asInt() + " " + scope.wire()
                    + " project(s) with " + summary.get("total_tables").asInt() + " tables and "
                    + summary.get("total_rows").asInt() + " rows"
                    + (page.next() == null ? "." : "; more follow: pass X-Next-Cursor as 'cursor'."), page.export()));
            if (page.next() != null) {
                response.header("X-Next-Cursor", page.next());
            }
            return response.build();
        });
    }

    @POST
    @Path("import-workspace")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Envelope> importWorkspace(@RestPath("workspace_id") String workspaceId, ImportBody body) {
        CommandContext req = requests.info(workspaceId);
        ImportBody b = RequestReader.requireBody(body);
        Scope scope = Scope.parse(b.scope(), "scope");
        return transfer.importAll(req, scope, b.exportData(), Boolean.TRUE.equals(b.forceNewId())).map(result -> {
            JsonNode summary = result.get("summary");
            int failed = summary.get("failed").asInt();
            return Envelope.success("Imported " + summary.get("imported").asInt() + " of "
                    + summary.get("total_projects").asInt() + " project(s) into workspace '" + workspaceId + "'"
                    + (failed == 0 ? "." : "; " + failed + " failed, see projects_failed."), result);
        });
    }
}
