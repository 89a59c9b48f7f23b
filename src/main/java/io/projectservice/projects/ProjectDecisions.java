package io.projectservice.projects;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.projectservice.errors.Refusal;
import io.projectservice.eventstore.NewEvent;
import io.projectservice.eventstore.StreamHead;
import io.projectservice.security.Caller;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the project commands decide, given the stream head (and state) they locked, the caller and
 * the request: the events to append, or the {@link Refusal}. Pure functions, so that every case
 * is tested without a database; {@link ProjectCommands} and {@link BulkCleanup} do the I/O.
 */
public final class ProjectDecisions {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ProjectDecisions() {
    }

    /** Where a save goes once its head is locked. */
    public enum SavePath {
        /** a new project, or a new incarnation of a deleted one: {@link #creation} */
        CREATE,
        /** an owner's update in place */
        UPDATE,
        /** not an owner: an update only through an editor's share, whatever home the request names */
        UPDATE_THROUGH_SHARE
    }

    /**
     * The path of a save of {@code changes} to project {@code id} at {@code head} (null: never
     * used), named in {@code workspaceId} and {@code scope}, or its refusal.
     */
    public static SavePath save(StreamHead head, Caller caller, String id, String workspaceId, Scope scope,
            ObjectNode changes, Integer ifMatch) {
        if (head == null || head.deleted()) {
            if (head != null && !mayReuseId(head, caller, workspaceId, scope)) {
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
            return SavePath.CREATE;
        }
        if (!ProjectAccess.canAccess(caller, head)) {
            return SavePath.UPDATE_THROUGH_SHARE;
        }
        if (!ProjectAccess.atHome(head, workspaceId, scope)) {
            throw Refusal.conflict("project_in_other_workspace",
                    "Project '" + id + "' exists in workspace '" + head.workspaceId()
                    + "' with scope '" + head.scope() + "'; save it there or choose another id");
        }
        return SavePath.UPDATE;
    }

    /** The share a non-owner saves through: it must exist and be an editor's. */
    public static void requireShareToSave(ShareGrant share, String id) {
        if (share == null) {
            throw idTaken(id);
        }
        ProjectAccess.allow(share, ProjectAccess.Need.WRITE, id);
    }

    /** The first event of a project saved new: an empty content with the changes set. */
    public static NewEvent creation(StreamAttributes attributes, ObjectNode changes) {
        ObjectNode content = new ProjectState().content();
        content.setAll(changes);
        return ProjectEvents.created(attributes, content, null);
    }

    /**
     * The events of an update: none when every change leaves its field as it is (a save that
     * changes nothing is no new version). An If-Match must name the current version.
     */
    public static List<NewEvent> update(StreamHead head, ProjectState state, ObjectNode changes, Integer ifMatch) {
        requireVersion(head, ifMatch);
        ObjectNode effective = effectiveChanges(state, changes);
        return effective.isEmpty() ? List.of() : List.of(ProjectEvents.updated(effective));
    }

    public static void requireVersion(StreamHead head, Integer ifMatch) {
        if (ifMatch != null && ifMatch != head.apiVersion()) {
            throw staleVersion(head.streamId(), head.apiVersion(), ifMatch);
        }
    }

    /** The changes that differ from the state's content. */
    public static ObjectNode effectiveChanges(ProjectState state, ObjectNode changes) {
        ObjectNode current = state.content();
        ObjectNode effective = JSON.objectNode();
        changes.fields().forEachRemaining(f -> {
            if (!Objects.equals(current.get(f.getKey()), f.getValue())) {
                effective.set(f.getKey(), f.getValue());
            }
        });
        return effective;
    }

    /**
     * Whether a new project may take the id of {@code existing} (null: an unused id): only a
     * deleted project the caller could save again, in the same workspace and scope.
     */
    public static boolean mayTakeId(StreamHead existing, Caller caller, String workspaceId, Scope scope) {
        return existing == null || existing.deleted() && mayReuseId(existing, caller, workspaceId, scope);
    }

    private static boolean mayReuseId(StreamHead head, Caller caller, String workspaceId, Scope scope) {
        return ProjectAccess.canAccess(caller, head) && ProjectAccess.atHome(head, workspaceId, scope);
    }

    /** The first event of a copy of {@code source}: its content under {@code name}, and where it came from. */
    public static NewEvent copy(StreamAttributes attributes, ProjectState source, String name) {
        ObjectNode content = source.content();
        content.put("name", name);
        return ProjectEvents.copied(attributes, content, source);
    }

    /** A cleanup's ids in chunks of at most {@code size}, in their order. */
    public static List<List<String>> chunks(List<String> ids, int size) {
        List<List<String>> chunks = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += size) {
            chunks.add(ids.subList(i, Math.min(ids.size(), i + size)));
        }
        return chunks;
    }

    /**
     * Whether a cleanup of all deletes the project at {@code head} (read again under its lock): live,
     * in this workspace and scope, and the caller's (user scope) or the organization's.
     */
    public static boolean cleanupDeletes(StreamHead head, Caller caller, String workspaceId, Scope scope) {
        if (head.deleted() || !head.workspaceId().equals(workspaceId) || !head.scope().equals(scope.wire())) {
            return false;
        }
        return scope == Scope.USER
                ? head.author().equals(caller.username()) && Objects.equals(head.organization(), caller.organization())
                : head.organization() != null && head.organization().equals(caller.organization());
    }

    static Refusal idTaken(String id) {
        return Refusal.conflict("project_id_taken", "Project id '" + id + "' is already taken; choose another id");
    }

    static Refusal staleVersion(String id, int current, int expected) {
        return Refusal.conflict("version_conflict",
                "Project '" + id + "' is at version " + current + ", not " + expected
                + " (If-Match); load it again and retry");
    }
}
