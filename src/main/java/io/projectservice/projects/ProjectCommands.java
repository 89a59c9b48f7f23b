package io.projectservice.projects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.projectservice.errors.Refusal;
import io.projectservice.eventstore.NewEvent;
import io.projectservice.eventstore.StreamHead;
import io.projectservice.eventstore.VersionConflictException;
import io.projectservice.security.AccessPolicy;
import io.projectservice.security.Caller;
import io.projectservice.sharing.Shares;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
    private final Shares shares;

    public ProjectCommands(ProjectRepository projects, ProjectFields fields, BulkCleanup bulkCleanup, ProjectGate gate,
            Shares shares) {
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

    public Uni<Saved> save(RequestInfo req, Save cmd) {
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
            return projects.transaction(req, tx -> projects.store().lockHead(tx, id),
                    (tx, head) -> saveTo(tx, req, id, head, scope, changes, cmd.ifMatch()));
        };
        return cmd.ifMatch() != null ? attempt.get() : retryOnConflict(attempt);
    }

    private Uni<Saved> saveTo(SqlConnection tx, RequestInfo req, String id, StreamHead head, Scope scope,
            ObjectNode changes, Integer ifMatch) {
        Caller caller = req.caller();
        if (head == null || head.deleted()) {
            if (head != null && !(AccessPolicy.canAccess(caller, head) && sameHome(head, req, scope))) {
                throw idTaken(id);
            }
            // a deleted project does not exist: its id starts a new incarnation, at version 1 again
            if (ifMatch != null && ifMatch != 0) {
                throw Refusal.conflict("if_match_without_project",
                        "Project '" + id + "' does not exist (If-Match \"" + ifMatch + "\")");
            }
            if (!changes.has("name")) {
                throw Refusal.invalid("field_required", "Field 'project.name' is required and must not be blank");
            }
            ProjectState attributes = ProjectState.attributes(id, req.workspaceId(), scope.wire(), caller.username(),
                    caller.organization());
            ObjectNode content = new ProjectState().content();
            content.setAll(changes);
            return projects.append(tx, head, attributes, List.of(ProjectEvents.created(attributes, content, null)),
                    req.eventMetadata(scope.wire()))
                    .map(after -> new Saved(id, changes.get("name").asText(), after.apiVersion(), true));
        }
        if (!AccessPolicy.canAccess(caller, head)) {
            // an editor's share lets them save in place, whatever workspace and scope they name
            return shares.grant(tx, head, caller).flatMap(share -> {
                if (share == null) {
                    throw idTaken(id);
                }
                ProjectGate.allow(share, ProjectGate.Need.WRITE, id);
                return update(tx, req, id, head, changes, ifMatch);
            });
        }
        if (!sameHome(head, req, scope)) {
            throw Refusal.conflict("project_in_other_workspace",
                    "Project '" + id + "' exists in workspace '" + head.workspaceId()
                    + "' with scope '" + head.scope() + "'; save it there or choose another id");
        }
        return update(tx, req, id, head, changes, ifMatch);
    }

    private Uni<Saved> update(SqlConnection tx, RequestInfo req, String id, StreamHead head, ObjectNode changes,
            Integer ifMatch) {
        if (ifMatch != null && ifMatch != head.apiVersion()) {
            throw staleVersion(id, head.apiVersion(), ifMatch);
        }
        return projects.fold(tx, head).flatMap(state -> {
            ObjectNode effective = withoutUnchanged(state, changes);
            if (effective.isEmpty()) {
                return Uni.createFrom().item(new Saved(id, state.name, state.apiVersion(), false));
            }
            String newName = effective.has("name") ? effective.get("name").asText() : state.name;
            return projects.append(tx, head, state, List.of(ProjectEvents.updated(effective)),
                    req.eventMetadata(head))
                    .map(after -> new Saved(id, newName, after.apiVersion(), false));
        });
    }

    public record Copy(String projectId, String sourceWorkspaceId, String newName, String targetScope) {
    }

    public record Copied(String newProjectId, String name, String sourceProjectId) {
    }

    /** Copies a visible project into the request's workspace: the copy starts with ProjectCopied. */
    public Uni<Copied> copy(RequestInfo req, Copy cmd) {
        String sourceId = ProjectIds.requireProjectId(cmd.projectId(), "project_id");
        String sourceWs = cmd.sourceWorkspaceId() == null ? req.workspaceId()
                : ProjectIds.requireWorkspace(cmd.sourceWorkspaceId());
        Scope target = Scope.parse(cmd.targetScope(), "target_scope");
        ProjectAccess.requireOrganization(req.caller(), target);
        String requestedName = cmd.newName() == null ? null : fields.name(cmd.newName(), "new_project_name");
        return retryOnConflict(() -> projects.transaction(req, tx -> projects.store().head(tx, sourceId)
                .flatMap(head -> gate.require(tx, head, req.caller(), sourceId, sourceWs, null, ProjectGate.Need.READ))
                .flatMap(access -> projects.fold(tx, access.head()))
                .flatMap(source -> {
                    String newId = ProjectIds.generate();
                    ProjectState attributes = ProjectState.attributes(newId, req.workspaceId(), target.wire(),
                            req.caller().username(), req.caller().organization());
                    ObjectNode content = source.content();
                    String name = requestedName != null ? requestedName : fields.derivedName(source.name, " (copy)");
                    content.put("name", name);
                    return projects.append(tx, null, attributes,
                            List.of(ProjectEvents.copied(attributes, content, source)),
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
    public Uni<Deleted> cleanup(RequestInfo req, Cleanup cmd) {
        Scope scope = Scope.parse(cmd.scope(), "project.scope");
        ProjectAccess.requireOrganization(req.caller(), scope);
        if (cmd.projectId() != null) {
            String id = ProjectIds.requireProjectId(cmd.projectId(), "project.id");
            return projects.transaction(req, tx -> projects.store().lockHead(tx, id), (tx, head) -> gate
                    .require(tx, head, req.caller(), id, req.workspaceId(), scope, ProjectGate.Need.DELETE)
                    .flatMap(access -> projects.append(tx, head, null, List.of(ProjectEvents.deleted("cleanup")),
                            req.eventMetadata(scope.wire())))
                    .map(after -> new Deleted(List.of(id), scope, true, 0)));
        }
        return bulkCleanup.deleteAll(req, scope)
                .map(result -> new Deleted(result.deleted(), scope, false, result.remaining()));
    }

    /** Creates a project from imported content, under its own id when asked and free. */
    public Uni<String> importProject(RequestInfo req, Scope scope, String preferredId, ObjectNode content,
            ObjectNode source) {
        fields.requireStorable(content, "export_data: the exported project");
        return createNew(req, scope, preferredId, attributes -> ProjectEvents.imported(attributes, content, source));
    }

    /** Creates a project from a template; its first event records the template it came from. */
    public Uni<String> createFromTemplate(RequestInfo req, Scope scope, ObjectNode content, ObjectNode origin) {
        fields.requireStorable(content, "Template '" + origin.path("template_id").asText() + "'");
        return createNew(req, scope, null, attributes -> ProjectEvents.created(attributes, content, origin));
    }

    /**
     * A new project whose first event {@code first} builds from its attributes, under
     * {@code preferredId} when that is free for the caller: unused, or the id of a deleted project
     * the caller could save again (same workspace and scope, and allowed to write it), which then
     * starts a new incarnation, exactly as a save with that id would. Otherwise under a new id.
     */
    private Uni<String> createNew(RequestInfo req, Scope scope, String preferredId,
            Function<ProjectState, NewEvent> first) {
        ProjectAccess.requireOrganization(req.caller(), scope);
        List<String> tried = new ArrayList<>();
        return retryOnConflict(() -> {
            String candidate = preferredId != null && tried.isEmpty() ? preferredId : ProjectIds.generate();
            tried.add(candidate);
            return projects.transaction(req, tx -> projects.store().lockHead(tx, candidate), (tx, existing) -> {
                if (existing != null && !(existing.deleted() && AccessPolicy.canAccess(req.caller(), existing)
                        && sameHome(existing, req, scope))) {
                    throw new VersionConflictException(candidate, 0);
                }
                ProjectState attributes = ProjectState.attributes(candidate, req.workspaceId(), scope.wire(),
                        req.caller().username(), req.caller().organization());
                return projects.append(tx, existing, attributes, List.of(first.apply(attributes)),
                        req.eventMetadata(scope.wire())).replaceWith(candidate);
            });
        });
    }

    private boolean sameHome(StreamHead head, RequestInfo req, Scope scope) {
        return head.workspaceId().equals(req.workspaceId()) && head.scope().equals(scope.wire());
    }

    private static ObjectNode withoutUnchanged(ProjectState state, ObjectNode changes) {
        ObjectNode current = state.content();
        ObjectNode effective = JSON.objectNode();
        changes.fields().forEachRemaining(f -> {
            if (!Objects.equals(current.get(f.getKey()), f.getValue())) {
                effective.set(f.getKey(), f.getValue());
            }
        });
        return effective;
    }

    static Refusal idTaken(String id) {
        return Refusal.conflict("project_id_taken", "Project id '" + id + "' is already taken; choose another id");
    }

    static Refusal staleVersion(String id, int current, int expected) {
        return Refusal.conflict("version_conflict",
                "Project '" + id + "' is at version " + current + ", not " + expected
                + " (If-Match); load it again and retry");
    }

    private static <T> Uni<T> retryOnConflict(Supplier<Uni<T>> attempt) {
        return Uni.createFrom().<T>deferred(attempt::get)
                .onFailure(VersionConflictException.class).retry().atMost(MAX_ATTEMPTS - 1);
    }
}
