package io.projectservice.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.projectservice.api.RequestBodies.CleanupBody;
import io.projectservice.api.RequestBodies.CopyBody;
import io.projectservice.api.RequestBodies.ImportBody;
import io.projectservice.api.RequestBodies.ProjectRef;
import io.projectservice.api.RequestBodies.SaveBody;
import io.projectservice.config.ServiceConfig;
import io.projectservice.errors.Refusal;
import io.projectservice.projects.CommandContext;
import io.projectservice.projects.ExportBundles;
import io.projectservice.projects.ProjectCommands;
import io.projectservice.projects.ProjectQueries;
import io.projectservice.projects.ProjectViews;
import io.projectservice.projects.Scope;
import io.projectservice.readmodel.ListQueries;
import io.projectservice.sharing.Share;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.OffsetDateTime;
import java.util.Map;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The Projects API. One canonical route per action; {@link RequestRouting} maps the hosted
 * prefix and the workspace-less layout onto it.
 */
@Path("/api/v1/projects/{workspace_id}")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ProjectsResource {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final RequestReader requests;
    private final ProjectCommands commands;
    private final ProjectQueries queries;
    private final ListQueries lists;
    private final ServiceConfig.History historyLimits;
    private final ServiceConfig.Import importLimits;
    private final int cleanupMaxProjects;

    public ProjectsResource(RequestReader requests, ProjectCommands commands, ProjectQueries queries,
            ListQueries lists, ServiceConfig config) {
        this.requests = requests;
        this.commands = commands;
        this.queries = queries;
        this.lists = lists;
        this.historyLimits = config.history();
        this.importLimits = config.limits().imports();
        this.cleanupMaxProjects = config.limits().cleanupMaxProjects();
    }

    @POST
    @Path("save")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Envelope>> save(@RestPath("workspace_id") String workspaceId,
            @RestHeader("If-Match") String ifMatch, SaveBody body) {
        CommandContext req = requests.info(workspaceId);
        var project = RequestReader.requireBody(body).project();
        if (project == null) {
            throw Refusal.invalid("field_required", "Field 'project' is required");
        }
        var cmd = new ProjectCommands.Save(project.id(), project.name(), project.description(), project.metadata(),
                project.scope(), RequestReader.ifMatch(ifMatch));
        return commands.save(req, cmd).map(saved -> RestResponse.ResponseBuilder
                .ok(Envelope.success("Project " + saved.name() + " saved successfully",
                        // SDK 0.3.3 and later read ontology_id, earlier ones project_id: the same id
                        JSON.objectNode().put("project_id", saved.projectId())
                                .put("ontology_id", saved.projectId()).put("version", saved.version())))
                .header("ETag", etag(saved.version())).build());
    }

    @GET
    @Path("list")
    public Uni<RestResponse<Envelope>> list(@RestPath("workspace_id") String workspaceId, @RestQuery String scopes,
            @RestQuery String q, @RestQuery String limit, @RestQuery String cursor) {
        CommandContext req = requests.info(workspaceId);
        Integer size = RequestReader.limitParam(limit);
        return lists.list(req, Scope.parseListing(scopes, "scope"), q, ListCursors.decode(cursor), size).map(listed -> {
            var items = JSON.arrayNode();
            listed.page().items().forEach(state -> {
                ObjectNode item = ProjectViews.summary(state);
                Share share = listed.shares().get(state.id);
                if (share != null) {
                    item.putObject("shared").put("share_id", share.shareId()).put("share_role", share.role().wire())
                            .put("sharer", share.sharer());
                }
                items.add(item);
            });
            var response = RestResponse.ResponseBuilder.ok(Envelope.success("Projects retrieved successfully", items));
            if (listed.page().next() != null) {
                response.header("X-Next-Cursor", ListCursors.encode(listed.page().next()));
            }
            if (listed.stale()) {
                response.header("X-View-Stale", "true");
            }
            return response.build();
        });
    }

    @GET
    @Path("load")
    public Uni<RestResponse<Envelope>> load(@RestPath("workspace_id") String workspaceId,
            @RestQuery("project_id") String projectId, @RestQuery String scope, @RestQuery String version,
            @RestQuery("as_of") String asOf) {
        CommandContext req = requests.info(workspaceId);
        Integer atVersion = RequestReader.intParam(version, "version");
        OffsetDateTime at = RequestReader.timeParam(asOf, "as_of");
        return queries.load(req, projectId, Scope.parse(scope, "scope"), atVersion, at).map(loaded -> {
            var response = RestResponse.ResponseBuilder
                    .ok(Envelope.success("Project loaded successfully", ProjectViews.detail(loaded.state())));
            if (atVersion == null && at == null) {
                response.header("ETag", etag(loaded.headVersion()));
            }
            return response.build();
        });
    }

    @GET
    @Path("history")
    public Uni<RestResponse<Envelope>> history(@RestPath("workspace_id") String workspaceId,
            @RestQuery("project_id") String projectId, @RestQuery String scope, @RestQuery String limit,
            @RestQuery String cursor) {
        CommandContext req = requests.info(workspaceId);
        Integer size = RequestReader.limitParam(limit);
        int pageSize = size == null ? historyLimits.defaultLimit() : Math.min(size, historyLimits.maxLimit());
        // history cursors are the version the next page starts at: plain, so a client may start anywhere
        int from = RequestReader.numberCursor(cursor, 1, "a version number (1 or more) from X-Next-Cursor");
        return queries.events(req, projectId, Scope.parse(scope, "scope"), from, pageSize).map(page -> {
            var items = JSON.arrayNode();
            page.events().forEach(e -> items.add(ProjectViews.event(e, page.head().incarnationStart())));
            var response = RestResponse.ResponseBuilder.ok(Envelope.success("History retrieved successfully", items));
            if (page.next() != null) {
                response.header("X-Next-Cursor", String.valueOf(page.next()));
            }
            return response.build();
        });
    }

    @POST
    @Path("copy")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Envelope> copy(@RestPath("workspace_id") String workspaceId, CopyBody body) {
        CommandContext req = requests.info(workspaceId);
        CopyBody b = RequestReader.requireBody(body);
        return commands.copy(req, new ProjectCommands.Copy(b.projectId(), b.workspaceId(), b.newProjectName(),
                b.targetScope()))
                .map(copied -> Envelope.success("Project copied successfully! New project ID: "
                        + copied.newProjectId() + ".", Map.of("new_project_id", copied.newProjectId(),
                                "name", copied.name(), "source_project_id", copied.sourceProjectId())));
    }

    @POST
    @Path("cleanup")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Envelope> cleanup(@RestPath("workspace_id") String workspaceId, CleanupBody body) {
        CommandContext req = requests.info(workspaceId);
        var target = body == null || body.project() == null ? new RequestBodies.CleanupTarget(null, null) : body.project();
        return commands.cleanup(req, new ProjectCommands.Cleanup(target.id(), target.scope())).map(deleted -> {
            if (deleted.single()) {
                return Envelope.success("Project " + deleted.ids().get(0) + " deleted successfully",
                        Map.of("deleted_count", 1, "deleted", deleted.ids()));
            }
            String scope = deleted.scope().wire();
            String message = deleted.remaining() > 0
                    ? "Deleted " + deleted.ids().size() + " of the " + scope + " projects; " + deleted.remaining()
                            + " remain (a request deletes at most " + cleanupMaxProjects + ", and projects saved"
                            + " meanwhile stay): send the same request again to delete them"
                    : deleted.ids().isEmpty()
                            ? "No " + scope + " projects to delete"
                            : "All " + scope + "'s projects deleted successfully";
            return Envelope.success(message, Map.of("deleted_count", deleted.ids().size(), "deleted", deleted.ids(),
                    "remaining", deleted.remaining()));
        });
    }

    @POST
    @Path("export-project")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Envelope> exportProject(@RestPath("workspace_id") String workspaceId, ProjectRef body) {
        CommandContext req = requests.info(workspaceId);
        ProjectRef ref = RequestReader.requireBody(body);
        return queries.history(req, ref.projectId(), Scope.parse(ref.scope(), "scope")).map(h -> {
            ObjectNode bundle = ExportBundles.export(h.state(), h.events());
            JsonNode summary = bundle.get("summary");
            return Envelope.success("Project '" + h.state().id + "' exported successfully. Found "
                    + summary.get("total_tables").asInt() + " tables with " + summary.get("total_rows").asInt()
                    + " total rows.", bundle);
        });
    }

    @POST
    @Path("import-project")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Envelope> importProject(@RestPath("workspace_id") String workspaceId, ImportBody body) {
        CommandContext req = requests.info(workspaceId);
        ImportBody b = RequestReader.requireBody(body);
        Scope scope = Scope.parse(b.scope(), "scope");
        ExportBundles.Parsed parsed = ExportBundles.parse(unwrapEnvelope(b.exportData()), importLimits);
        boolean forceNewId = Boolean.TRUE.equals(b.forceNewId());
        return commands.importProject(req, scope, forceNewId ? null : parsed.projectId(), parsed.content(),
                parsed.source()).map(id -> {
                    ObjectNode data = JSON.objectNode().put("new_project_id", id);
                    data.set("summary", ExportBundles.summary(parsed));
                    String skipped = parsed.unknownTables().isEmpty() ? ""
                            : " Skipped " + parsed.unknownTables().size() + " unknown table(s).";
                    return Envelope.success("Project imported successfully! New project ID: " + id + ". Imported "
                            + parsed.tables() + " tables with " + parsed.rows() + " rows." + skipped, data);
                });
    }

    /** Clients sometimes send the whole export response instead of its data: accept both. */
    private static JsonNode unwrapEnvelope(JsonNode exportData) {
        if (exportData != null && !exportData.has("tables") && exportData.get("data") instanceof ObjectNode inner
                && inner.has("tables")) {
            return inner;
        }
        return exportData;
    }

    static String etag(int version) {
        return "\"" + version + "\"";
    }
}
