package io.projectservice.projects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.projectservice.eventstore.NewEvent;
import io.projectservice.eventstore.StreamHead;
import io.projectservice.eventstore.VersionConflictException;
import io.projectservice.security.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The write side: every command runs in one transaction that locks the stream head, folds the
 * state, decides, and appends. Writers of one project take turns on the head row, so no update
 * is ever lost; the only conflicts left (two creations of one id, a stale If-Match) surface as
 * {@link VersionConflictException} and are retried or answered with 409.
 */
@ApplicationScoped
public class ProjectCommands {
    private static final int MAX_ATTEMPTS = 5;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ProjectRepository projects;
    private final ProjectFields fields;
    private final BulkCleanup bulkCleanup;
    private final ProjectGate gate;
    private final ShareGrants shares;

    public ProjectCommands(ProjectRepository projects, ProjectFields fields, BulkCleanup bulkCleanup, ProjectGate gate,
            ShareGrants shares) {
        this.projects = projects;
        this.fields = fields;
        this.bulkCleanup = bulkCleanup;
        this.gate = gate;
        this.shares = shares;
    }

    /** What a save asks for; null fields are absent (an update keeps their values). */
    public record Save(String id, String name, String description, JsonNode metadata, String scope, Integer ifMatch) {
    }

    public record Saved(String projectId, String name, int version, boolean created) {
    }

    public Uni<Saved> save(CommandContext req, Save cmd) {
        Scope scope = Scope.parse(cmd.scope(), "project.scope");
        ProjectAccess.requireOrganization(req.caller(), scope);
        String name = cmd.name() == null ? null : fields.name(cmd.name(), "project.name");
        String description = fields.description(cmd.description(), "project.description");
        ObjectNode metadata = fields.metadata(cmd.metadata(), "project.metadata");
        if (cmd.id() != null) {
            ProjectIds.requireProjectId(cmd.id(), "project.id");
        }
        ObjectNode changes = JSON.objectNode();
        if (name != null) {
            changes.put("name", name);
        }
        if (cmd.description() != null) {
            changes.put("description", description);
        }
        if (metadata != null) {
            changes.set("metadata", metadata);
        }
        Supplier<Uni<Saved>> attempt = () -> {
            String id = cmd.id() != null ? cmd.id() : ProjectIds.generate();
            return projects.transaction(req, tx -> projects.lockHead(tx, id),
                    (tx, head) -> saveTo(tx, req, id, head, scope, changes, cmd.ifMatch()));
        };
        return cmd.ifMatch() != null ? attempt.get() : retryOnConflict(attempt);
    }

    private Uni<Saved> saveTo(SqlConnection tx, CommandContext req, String id, StreamHead head, Scope scope,
            ObjectNode changes, Integer ifMatch) {
        Caller caller = req.caller();
        switch (ProjectDecisions.save(head, caller, id, req.workspaceId(), scope, changes, ifMatch)) {
            case CREATE -> {
                StreamAttributes attributes = new StreamAttributes(id, req.workspaceId(), scope.wire(),
                        caller.username(), caller.organization());
                return projects.append(tx, head, attributes, List.of(ProjectDecisions.creation(attributes, changes)),
                        req.eventMetadata(scope.wire()))
                        .map(after -> new Saved(id, changes.get("name").asText(), after.apiVersion(), true));
            }
            case UPDATE_THROUGH_SHARE -> {
                return shares.grant(tx, head, caller).flatMap(share -> {
                    ProjectDecisions.requireShareToSave(share, id);
                    return update(tx, req, id, head, changes, ifMatch);
                });
            }
            default -> {
                return update(tx, req, id, head, changes, ifMatch);
            }
        }
    }

    private Uni<Saved> update(SqlConnection tx, CommandContext req, String id, StreamHead head, ObjectNode changes,
            Integer ifMatch) {
        ProjectDecisions.requireVersion(head, ifMatch);
        return projects.fold(tx, head).flatMap(state -> {
            List<NewEvent> events = ProjectDecisions.update(head, state, changes, ifMatch);
            if (events.isEmpty()) {
                return Uni.createFrom().item(new Saved(id, state.name, state.apiVersion(), false));
            }
            ObjectNode effective = (ObjectNode) events.get(0).data().get("changes");
            String newName = effective.has("name") ? effective.get("name").asText() : state.name;
            return projects.append(tx, head, null, events, req.eventMetadata(head))
                    .map(after -> new Saved(id, newName, after.apiVersion(), false));
        });
    }

    public record Copy(String projectId, String sourceWorkspaceId, String newName, String targetScope) {
    }

    public record Copied(String newProjectId, String name, String sourceProjectId) {
    }

    /** Copies a visible project into the request's workspace: the copy starts with ProjectCopied. */
    public Uni<Copied> copy(CommandContext req, Copy cmd) {
        String sourceId = ProjectIds.requireProjectId(cmd.projectId(), "project_id");
        String sourceWs = cmd.sourceWorkspaceId() == null ? req.workspaceId()
                : ProjectIds.requireWorkspace(cmd.sourceWorkspaceId());
        Scope target = Scope.parse(cmd.targetScope(), "target_scope");
        ProjectAccess.requireOrganization(req.caller(), target);
        String requestedName = cmd.newName() == null ? null : fields.name(cmd.newName(), "new_project_name");
        return retryOnConflict(() -> projects.transaction(req, tx -> projects.head(tx, sourceId), (tx, head) -> gate
                .require(tx, head, req.caller(), sourceId, sourceWs, null, ProjectAccess.Need.READ)
                .flatMap(access -> projects.fold(tx, access.head()))
                .flatMap(source -> {
                    String newId = ProjectIds.generate();
                    StreamAttributes attributes = new StreamAttributes(newId, req.workspaceId(), target.wire(),
                            req.caller().username(), req.caller().organization());
                    String name = requestedName != null ? requestedName : fields.derivedName(source.name, " (copy)");
                    return projects.append(tx, null, attributes,
                            List.of(ProjectDecisions.copy(attributes, source, name)),
                            req.eventMetadata(target.wire()))
                            .map(after -> new Copied(newId, name, sourceId));
                })));
    }

    public record Cleanup(String projectId, String scope) {
    }

    /** {@code remaining}: for a cleanup of all, the matching projects still there (0 for one project). */
    public record Deleted(List<String> ids, Scope scope, boolean single, long remaining) {
    }

    /** Deletes one project, or every live project of the caller (or organization) in a scope. */
    public Uni<Deleted> cleanup(CommandContext req, Cleanup cmd) {
        Scope scope = Scope.parse(cmd.scope(), "project.scope");
        ProjectAccess.requireOrganization(req.caller(), scope);
        if (cmd.projectId() != null) {
            String id = ProjectIds.requireProjectId(cmd.projectId(), "project.id");
            return projects.transaction(req, tx -> projects.lockHead(tx, id), (tx, head) -> gate
                    .require(tx, head, req.caller(), id, req.workspaceId(), scope, ProjectAccess.Need.DELETE)
                    .flatMap(access -> projects.append(tx, head, null, List.of(ProjectEvents.deleted("cleanup")),
                            req.eventMetadata(scope.wire())))
                    .map(after -> new Deleted(List.of(id), scope, true, 0)));
        }
        return bulkCleanup.deleteAll(req, scope)
                .map(result -> new Deleted(result.deleted(), scope, false, result.remaining()));
    }

    /** Creates a project from imported content, under its own id when asked and free. */
    public Uni<String> importProject(CommandContext req, Scope scope, String preferredId, ObjectNode content,
            ObjectNode source) {
        fields.requireStorable(content, "export_data: the exported project");
        return createNew(req, scope, preferredId, attributes -> ProjectEvents.imported(attributes, content, source));
    }

    /** Creates a project from a template; its first event records the template it came from. */
    public Uni<String> createFromTemplate(CommandContext req, Scope scope, ObjectNode content, ObjectNode origin) {
        fields.requireStorable(content, "Template '" + origin.path("template_id").asText() + "'");
        return createNew(req, scope, null, attributes -> ProjectEvents.created(attributes, content, origin));
    }

    /**
     * A new project whose first event {@code first} builds from its attributes, under
     * {@code preferredId} when that is free for the caller: unused, or the id of a deleted project
     * the caller could save again (same workspace and scope, and allowed to write it), which then
     * starts a new incarnation, exactly as a save with that id would. Otherwise under a new id.
     */
    private Uni<String> createNew(CommandContext req, Scope scope, String preferredId,
            Function<StreamAttributes, NewEvent> first) {
        ProjectAccess.requireOrganization(req.caller(), scope);
        List<String> tried = new ArrayList<>();
        return retryOnConflict(() -> {
            String candidate = preferredId != null && tried.isEmpty() ? preferredId : ProjectIds.generate();
            tried.add(candidate);
            return projects.transaction(req, tx -> projects.lockHead(tx, candidate), (tx, existing) -> {
                if (!ProjectDecisions.mayTakeId(existing, req.caller(), req.workspaceId(), scope)) {
                    throw new VersionConflictException(candidate, 0);
                }
                StreamAttributes attributes = new StreamAttributes(candidate, req.workspaceId(), scope.wire(),
                        req.caller().username(), req.caller().organization());
                return projects.append(tx, existing, attributes, List.of(first.apply(attributes)),
                        req.eventMetadata(scope.wire())).replaceWith(candidate);
            });
        });
    }

    private static <T> Uni<T> retryOnConflict(Supplier<Uni<T>> attempt) {
        return Uni.createFrom().<T>deferred(attempt::get)
                .onFailure(VersionConflictException.class).retry().atMost(MAX_ATTEMPTS - 1);
    }
}
