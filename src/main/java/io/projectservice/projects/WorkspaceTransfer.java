package io.projectservice.projects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.projectservice.config.JsonCodec;
import io.projectservice.config.ServiceConfig;
import io.projectservice.errors.Refusal;
import io.projectservice.eventstore.EventTooLargeException;
import io.projectservice.eventstore.StreamHead;
import io.projectservice.security.Caller;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
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
    private final JsonCodec json;
    private final long pageMaxBytes;
    private final int exportMax;
    private final ServiceConfig.Import importLimits;

    public WorkspaceTransfer(Pool pool, ProjectRepository projects, ProjectCommands commands, JsonCodec json,
            ServiceConfig config) {
        this.pool = pool;
        this.projects = projects;
        this.commands = commands;
        this.json = json;
        this.pageMaxBytes = config.limits().pageMaxBytes();
        this.exportMax = config.limits().workspaceExportMaxProjects();
        this.importLimits = config.limits().imports();
    }

    /** A page of a workspace export, and the cursor of the next page (null when this is the last). */
    public record ExportPage(ObjectNode export, String next) {
    }

    /**
     * {format, format_version, workspace_id, scope, extraction_timestamp, projects: {id: bundle},
     * summary}: the bundles of up to {@code limit} projects, by id, after the cursor's, stopping once
     * they pass {@code projects.limits.page-max-bytes} of JSON (a page holds at least one).
     */
    public Uni<ExportPage> export(CommandContext req, Scope scope, String cursor, Integer limit) {
        ProjectAccess.requireOrganization(req.caller(), scope);
        Caller caller = req.caller();
        String after = decodeCursor(cursor);
        int size = limit == null ? exportMax : Math.min(limit, exportMax);
        return pool.withTransaction(tx -> projects.liveOwnedBy(tx, req.workspaceId(), scope, caller, after, size + 1)
                .flatMap(heads -> {
                    List<StreamHead> page = heads.subList(0, Math.min(size, heads.size()));
                    List<ObjectNode> bundles = new ArrayList<>();
                    return addBundles(tx, page, bundles, 0)
                            .map(x -> page(req, scope, bundles, heads.size() > bundles.size()));
                }));
    }

    /** The bundles of {@code heads} from the next one on, until one passes the page's bytes. */
    private Uni<Void> addBundles(SqlConnection tx, List<StreamHead> heads, List<ObjectNode> bundles, long bytes) {
        if (bundles.size() == heads.size() || bytes >= pageMaxBytes) {
            return Uni.createFrom().voidItem();
        }
        StreamHead head = heads.get(bundles.size());
        return projects.incarnation(tx, head)
                .map(events -> ExportBundles.export(ProjectState.fold(null, events), events))
                .flatMap(bundle -> {
                    bundles.add(bundle);
                    return addBundles(tx, heads, bundles, bytes + json.size(bundle));
                });
    }

    private ExportPage page(CommandContext req, Scope scope, List<ObjectNode> bundles, boolean more) {
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
        String next = more ? encodeCursor(bundles.get(bundles.size() - 1).get("project_id").asText()) : null;
        out.set("summary", JSON.objectNode().put("total_projects", bundles.size())
                .put("total_tables", tables).put("total_rows", rows).put("complete", next == null));
        return new ExportPage(out, next);
    }

    private static String encodeCursor(String projectId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(projectId.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeCursor(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String id = new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
            if (ProjectIds.isValid(id)) {
                return id;
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw Refusal.invalid("cursor_invalid", "Parameter 'cursor' is not a cursor this service handed out");
    }

    /** {projects_imported: {old id: {...}}, projects_failed: {old id: {error}}, summary}. */
    public Uni<ObjectNode> importAll(CommandContext req, Scope scope, JsonNode exportData, boolean forceNewId) {
        ProjectAccess.requireOrganization(req.caller(), scope);
        List<Map.Entry<String, JsonNode>> entries = entries(exportData);
        if (entries.size() > importLimits.maxProjects()) {
            throw Refusal.unprocessable("import_too_large",
                    "export_data has " + entries.size() + " projects; one import-workspace"
                    + " takes at most " + importLimits.maxProjects());
        }
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

    private Uni<ObjectNode> importOne(CommandContext req, Scope scope, JsonNode bundle, boolean forceNewId) {
        return Uni.createFrom().deferred(() -> {
            if (!bundle.isObject()) {
                throw Refusal.unprocessable("import_invalid", "the bundle is not a JSON object");
            }
            ExportBundles.Parsed parsed = ExportBundles.parse(bundle, importLimits);
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
            throw Refusal.invalid("field_required", "Field 'export_data' is required and must be a JSON object");
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
            throw Refusal.unprocessable("import_invalid",
                    "export_data has no 'projects' object: not a workspace export");
        }
        return entries;
    }

    private static String reason(CommandContext req, String key, Throwable e) {
        if (e instanceof Refusal refused) {
            return refused.getMessage();
        }
        if (e instanceof EventTooLargeException large) {
            return large.sentence();
        }
        LOG.errorf(e, "import-workspace: project %s failed (request %s)", key, req.requestId());
        return "Unexpected error; the request id in X-Request-Id helps the operators";
    }
}
