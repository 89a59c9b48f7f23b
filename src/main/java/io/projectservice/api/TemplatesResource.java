package io.projectservice.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.projectservice.api.RequestBodies.ImportTemplateBody;
import io.projectservice.config.ServiceConfig;
import io.projectservice.projects.CommandContext;
import io.projectservice.projects.ProjectCommands;
import io.projectservice.projects.ProjectFields;
import io.projectservice.projects.Scope;
import io.projectservice.templates.Templates;
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

/** Project templates: the built-ins and the organization's own; a new project from one. */
@Path("/api/v1/projects/{workspace_id}")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class TemplatesResource {
    private final RequestReader requests;
    private final Templates templates;
    private final ProjectCommands commands;
    private final ProjectFields fields;
    private final ServiceConfig.ListSettings lists;

    public TemplatesResource(RequestReader requests, Templates templates, ProjectCommands commands,
            ProjectFields fields, ServiceConfig config) {
        this.requests = requests;
        this.templates = templates;
        this.commands = commands;
        this.fields = fields;
        this.lists = config.list();
    }

    /** A page of templates; {@code X-Next-Cursor} when more follow. */
    @GET
    @Path("list-templates")
    public Uni<RestResponse<Envelope>> list(@RestPath("workspace_id") String workspaceId, @RestQuery String limit,
            @RestQuery String cursor) {
        CommandContext req = requests.info(workspaceId);
        Integer size = RequestReader.limitParam(limit);
        int pageSize = size == null ? lists.defaultLimit() : Math.min(size, lists.maxLimit());
        return templates.list(req, cursor, pageSize).map(page -> {
            var response = RestResponse.ResponseBuilder.ok(Envelope.success("Templates retrieved successfully",
                    JsonNodeFactory.instance.arrayNode().addAll(page.items())));
            if (page.next() != null) {
                response.header("X-Next-Cursor", page.next());
            }
            return response.build();
        });
    }

    @POST
    @Path("import-template")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Envelope> importTemplate(@RestPath("workspace_id") String workspaceId, ImportTemplateBody body) {
        CommandContext req = requests.info(workspaceId);
        ImportTemplateBody b = RequestReader.requireBody(body);
        Scope scope = Scope.parse(b.projectScope(), "project_scope");
        String name = b.newProjectName() == null ? null : fields.name(b.newProjectName(), "new_project_name");
        return templates.find(req, b.templateId()).flatMap(source -> {
            String projectName = name != null ? name : source.name();
            source.content().put("name", projectName);
            String description = source.content().path("description").asText(null);
            return commands.createFromTemplate(req, scope, source.content(), source.origin())
                    .map(id -> Envelope.success("Template imported successfully as project '" + projectName + "'",
                            JsonNodeFactory.instance.objectNode().put("id", id).put("project_id", id)
                                    .put("name", projectName).put("scope", scope.wire())
                                    .put("description", description)
                                    .put("template_id", source.origin().get("template_id").asText())));
        });
    }
}
