package io.projectservice.templates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.projectservice.errors.Refusal;
import io.projectservice.eventstore.StreamHead;
import io.projectservice.projects.CommandContext;
import io.projectservice.projects.ProjectIds;
import io.projectservice.projects.ProjectRepository;
import io.projectservice.projects.ProjectState;
import io.projectservice.projects.Scope;
import io.projectservice.readmodel.ListQueries;
import io.projectservice.readmodel.ListView;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
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

    /** A page of templates, and the cursor of the next one (null at the end). */
    public record Page(List<ObjectNode> items, String next) {
    }

    /**
     * Built-ins first, then the organization's templates by name: {id, name, description, category,
     * source}, at most {@code limit} per page (and about {@code projects.limits.page-max-bytes}).
     */
    public Uni<Page> list(CommandContext req, String cursor, int limit) {
        Position from = Position.decode(cursor);
        List<ObjectNode> items = new ArrayList<>();
        if (from.after() == null && !from.organization()) {
            List<ObjectNode> all = builtIns.all();
            int i = from.builtIns();
            for (; i < all.size() && items.size() < limit; i++) {
                ObjectNode t = all.get(i);
                items.add(item(t.get("id").asText(), t.get("name").asText(), t.get("description").asText(null),
                        t.get("category").asText(), "builtin"));
            }
            if (items.size() == limit) {
                return Uni.createFrom().item(new Page(items, i < all.size() ? Position.builtIns(i)
                        : Position.organizationAfter(null)));
            }
        }
        return lists.templates(req, from.after(), limit - items.size()).map(page -> {
            for (ProjectState p : page.items()) {
                items.add(item(p.id, p.name, p.description, category(p.metadata), "organization")
                        .put("workspace_id", p.workspaceId).put("author", p.author));
            }
            return new Page(items, page.next() == null ? null : Position.organizationAfter(page.next()));
        });
    }

    /**
     * Where a page starts, as an opaque cursor: {@code b:<n>} skips n built-ins, {@code o:} starts
     * the organization's templates, {@code o:<name>NUL<id>} goes on after one of them.
     */
    private record Position(int builtIns, boolean organization, ListView.NameCursor after) {
        static Position decode(String cursor) {
            if (cursor == null || cursor.isBlank()) {
                return new Position(0, false, null);
            }
            try {
                String text = new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
                if (text.startsWith("b:")) {
                    return new Position(Math.max(0, Integer.parseInt(text.substring(2))), false, null);
                }
                if (text.equals("o:")) {
                    return new Position(0, true, null);
                }
                int nul = text.indexOf('\u0000');
                if (text.startsWith("o:") && nul > 0) {
                    return new Position(0, true, new ListView.NameCursor(text.substring(2, nul), text.substring(nul + 1)));
                }
            } catch (RuntimeException e) {
                // answered below
            }
            throw Refusal.invalid("cursor_invalid", "Parameter 'cursor' is not a cursor this service handed out");
        }

        static String builtIns(int skip) {
            return encode("b:" + skip);
        }

        static String organizationAfter(ListView.NameCursor after) {
            return encode(after == null ? "o:" : "o:" + after.name() + "\u0000" + after.projectId());
        }

        private static String encode(String text) {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** What a new project starts from, and the origin its first event records. */
    public record Source(String name, ObjectNode content, ObjectNode origin) {
    }

    public Uni<Source> find(CommandContext req, String templateId) {
        if (templateId == null || templateId.isBlank()) {
            throw Refusal.invalid("field_required", "Field 'template_id' is required");
        }
        ObjectNode builtIn = builtIns.find(templateId);
        if (builtIn != null) {
            return Uni.createFrom().item(fromBuiltIn(builtIn));
        }
        if (!ProjectIds.isValid(templateId)) {
            throw notFound(templateId);
        }
        return projects.head(pool, templateId).flatMap(head -> {
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

    private static boolean isOrganizationTemplateHead(StreamHead head, CommandContext req) {
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
                .put("workspace_id", template.workspaceId).put("version", template.apiVersion());
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

    private static Refusal notFound(String templateId) {
        return Refusal.notFound("template_not_found", "Template '" + templateId + "' not found");
    }
}
