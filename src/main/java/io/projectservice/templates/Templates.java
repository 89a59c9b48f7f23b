package io.projectservice.templates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.projectservice.api.ApiException;
import io.projectservice.eventstore.StreamHead;
import io.projectservice.projects.ProjectIds;
import io.projectservice.projects.ProjectRepository;
import io.projectservice.projects.ProjectState;
import io.projectservice.projects.RequestInfo;
import io.projectservice.projects.Scope;
import io.projectservice.readmodel.ListQueries;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * The templates a caller can start from: the built-ins, plus every organization-scope project of
 * the caller's organization marked with {@code metadata.is_template: true} (in any workspace).
 * The listing comes from the list read model, which has the metadata to filter on; an import
 * reads the template project from the log, so it copies its current content.
 */
@ApplicationScoped
public class Templates {
    public static final String MARK = "is_template";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final BuiltInTemplates builtIns;
    private final ListQueries lists;
    private final ProjectRepository projects;
    private final Pool pool;

    public Templates(BuiltInTemplates builtIns, ListQueries lists, ProjectRepository projects, Pool pool) {
        this.builtIns = builtIns;
        this.lists = lists;
        this.projects = projects;
        this.pool = pool;
    }

    /** Built-ins first, then the organization's templates by name: {id, name, description, category, source}. */
    public Uni<List<ObjectNode>> list(RequestInfo req) {
        List<ObjectNode> items = new ArrayList<>();
        for (ObjectNode t : builtIns.all()) {
            items.add(item(t.get("id").asText(), t.get("name").asText(), t.get("description").asText(null),
                    t.get("category").asText(), "builtin"));
        }
        return lists.templates(req).map(own -> {
            for (ProjectState p : own) {
                items.add(item(p.id, p.name, p.description, category(p.metadata), "organization")
                        .put("workspace_id", p.workspaceId).put("author", p.author));
            }
            return items;
        });
    }

    /** What a new project starts from, and the origin its first event records. */
    public record Source(String name, ObjectNode content, ObjectNode origin) {
    }

    public Uni<Source> find(RequestInfo req, String templateId) {
        if (templateId == null || templateId.isBlank()) {
            throw ApiException.badRequest("Field 'template_id' is required");
        }
        ObjectNode builtIn = builtIns.find(templateId);
        if (builtIn != null) {
            return Uni.createFrom().item(fromBuiltIn(builtIn));
        }
        if (!ProjectIds.isValid(templateId)) {
            throw notFound(templateId);
        }
        return projects.store().head(pool, templateId).flatMap(head -> {
            if (!isOrganizationTemplateHead(head, req)) {
                throw notFound(templateId);
            }
            return projects.fold(pool, head).map(state -> {
                if (!state.metadata.path(MARK).asBoolean(false)) {
                    throw notFound(templateId);
                }
                return fromProject(state);
            });
        });
    }

    private static boolean isOrganizationTemplateHead(StreamHead head, RequestInfo req) {
        return head != null && !head.deleted() && Scope.ORGANIZATION.wire().equals(head.scope())
                && req.caller().isMemberOf(head.organization());
    }

    private static Source fromBuiltIn(ObjectNode t) {
        ObjectNode content = new ProjectState().content();
        content.put("name", t.get("name").asText());
        content.put("description", t.get("description").asText());
        if (t.get("metadata") instanceof ObjectNode m) {
            content.set("metadata", m);
        }
        content.set("ontology", t.get("ontology"));
        content.set("concepts", t.get("concepts"));
        ObjectNode origin = JSON.objectNode().put("template_id", t.get("id").asText())
                .put("template_name", t.get("name").asText()).put("source", "builtin")
                .put("category", t.get("category").asText());
        return new Source(t.get("name").asText(), content, origin);
    }

    private static Source fromProject(ProjectState template) {
        ObjectNode content = template.content();
        // the new project is made from the template; it is not one itself
        ((ObjectNode) content.get("metadata")).remove(MARK);
        ObjectNode origin = JSON.objectNode().put("template_id", template.id).put("template_name", template.name)
                .put("source", "organization").put("project_id", template.id)
                .put("workspace_id", template.workspaceId).put("version", template.version);
        return new Source(template.name, content, origin);
    }

    private static String category(ObjectNode metadata) {
        JsonNode c = metadata.has("template_category") ? metadata.get("template_category") : metadata.get("category");
        return c != null && c.isTextual() ? c.asText() : "organization";
    }

    private static ObjectNode item(String id, String name, String description, String category, String source) {
        return JSON.objectNode().put("id", id).put("name", name).put("description", description)
                .put("category", category).put("source", source);
    }

    private static ApiException notFound(String templateId) {
        return ApiException.notFound("Template '" + templateId + "' not found");
    }
}
