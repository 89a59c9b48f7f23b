package io.projectservice.projects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.projectservice.api.ApiException;
import io.projectservice.eventstore.EventTooLargeException;
import io.projectservice.config.ServiceConfig;
import io.projectservice.eventstore.StreamHead;
import io.projectservice.security.Caller;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * A workspace export is one {@code projects-export} bundle per project the caller sees in a scope;
 * an import creates each project on its own, in its own transaction, and reports each one: a
 * bundle that fails leaves nothing behind and does not stop the others.
 */
@ApplicationScoped
public class WorkspaceTransfer {
    public static final String FORMAT = "projects-workspace-export";
    private static final Logger LOG = Logger.getLogger(WorkspaceTransfer.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Pool pool;
    private final ProjectRepository projects;
    private final ProjectCommands commands;
    private final int exportMax;

    public WorkspaceTransfer(Pool pool, ProjectRepository projects, ProjectCommands commands, ServiceConfig config) {
        this.pool = pool;
        this.projects = projects;
        this.commands = commands;
        this.exportMax = config.limits().workspaceExportMaxProjects();
    }

    /** {format, format_version, workspace_id, scope, extraction_timestamp, projects: {id: bundle}, summary}. */
    public Uni<ObjectNode> export(RequestInfo req, Scope scope) {
        ProjectAccess.requireOrganization(req.caller(), scope);
        Caller caller = req.caller();
        return pool.withTransaction(tx -> projects.store()
                .liveHeads(tx, req.workspaceId(), scope.wire(), caller.username(), caller.organization(), exportMax + 1)
                .flatMap(heads -> {
                    if (heads.size() > exportMax) {
                        throw ApiException.unprocessable("Workspace '" + req.workspaceId() + "' has more than "
                                + exportMax + " " + scope.wire() + " projects; export them one by one");
                    }
                    return Multi.createFrom().iterable(heads)
                            .onItem().transformToUniAndConcatenate(head -> projects.store()
                                    .read(tx, head.streamId(), 0, head.version())
                                    .map(events -> ExportBundles.export(ProjectState.fold(null, events), events)))
                            .collect().asList();
                }))
                .map(bundles -> {
                    ObjectNode byId = JSON.objectNode();
                    int tables = 0;
                    int rows = 0;
                    for (ObjectNode bundle : bundles) {
                        byId.set(bundle.get("project_id").asText(), bundle);
                        tables += bundle.at("/summary/total_tables").asInt();
                        rows += bundle.at("/summary/total_rows").asInt();
                    }
                    ObjectNode out = JSON.objectNode().put("format", FORMAT)
                            .put("format_version", ExportBundles.FORMAT_VERSION)
                            .put("workspace_id", req.workspaceId()).put("scope", scope.wire())
                            .put("extraction_timestamp", ProjectViews.time(OffsetDateTime.now()));
                    out.set("projects", byId);
                    out.set("summary", JSON.objectNode().put("total_projects", bundles.size())
                            .put("total_tables", tables).put("total_rows", rows));
                    return out;
                });
    }

    /** {projects_imported: {old id: {...}}, projects_failed: {old id: {error}}, summary}. */
    public Uni<ObjectNode> importAll(RequestInfo req, Scope scope, JsonNode exportData, boolean forceNewId) {
        ProjectAccess.requireOrganization(req.caller(), scope);
        List<Map.Entry<String, JsonNode>> entries = entries(exportData);
        ObjectNode imported = JSON.objectNode();
        ObjectNode failed = JSON.objectNode();
        return Multi.createFrom().iterable(entries)
                .onItem().transformToUniAndConcatenate(entry -> importOne(req, scope, entry.getValue(), forceNewId)
                        .invoke(result -> imported.set(entry.getKey(), result))
                        .onFailure().recoverWithItem(e -> {
                            failed.set(entry.getKey(), JSON.objectNode().put("error", reason(req, entry.getKey(), e)));
                            return null;
                        }))
                .collect().last()
                .map(x -> {
                    ObjectNode out = JSON.objectNode();
                    out.set("projects_imported", imported);
                    out.set("projects_failed", failed);
                    out.set("summary", JSON.objectNode().put("total_projects", entries.size())
                            .put("imported", imported.size()).put("failed", failed.size()));
                    return out;
                });
    }

    private Uni<ObjectNode> importOne(RequestInfo req, Scope scope, JsonNode bundle, boolean forceNewId) {
        return Uni.createFrom().deferred(() -> {
            if (!bundle.isObject()) {
                throw ApiException.unprocessable("the bundle is not a JSON object");
            }
            ExportBundles.Parsed parsed = ExportBundles.parse(bundle);
            return commands.importProject(req, scope, forceNewId ? null : parsed.projectId(), parsed.content(),
                    parsed.source()).map(id -> {
                        ObjectNode result = JSON.objectNode().put("new_project_id", id)
                                .put("name", parsed.content().get("name").asText());
                        result.setAll(ExportBundles.summary(parsed));
                        return result;
                    });
        });
    }

    /** The bundles of a workspace export (or of the whole export response), keyed by their exported id. */
    private static List<Map.Entry<String, JsonNode>> entries(JsonNode exportData) {
        if (!(exportData instanceof ObjectNode data)) {
            throw ApiException.badRequest("Field 'export_data' is required and must be a JSON object");
        }
        JsonNode projectsNode = data.get("projects");
        if (projectsNode == null && data.get("data") instanceof ObjectNode inner) {
            projectsNode = inner.get("projects");
        }
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        if (projectsNode instanceof ObjectNode byId) {
            byId.fields().forEachRemaining(entries::add);
        } else if (projectsNode instanceof ArrayNode list) {
            for (int i = 0; i < list.size(); i++) {
                JsonNode b = list.get(i);
                String key = b.path("project_id").isTextual() ? b.get("project_id").asText() : "#" + (i + 1);
                entries.add(Map.entry(key, b));
            }
        } else {
            throw ApiException.unprocessable("export_data has no 'projects' object: not a workspace export");
        }
        return entries;
    }

    private static String reason(RequestInfo req, String key, Throwable e) {
        if (e instanceof ApiException api) {
            return api.getMessage();
        }
        if (e instanceof EventTooLargeException large) {
            return large.sentence();
        }
        LOG.errorf(e, "import-workspace: project %s failed (request %s)", key, req.requestId());
        return "Unexpected error; the request id in X-Request-Id helps the operators";
    }
}
