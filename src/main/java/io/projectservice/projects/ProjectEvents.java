package io.projectservice.projects;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.projectservice.eventstore.NewEvent;

/**
 * Event types (v1) and their payloads. Events are immutable: a payload shape only ever gains
 * optional fields; anything else becomes a new type name.
 *
 * <p>Creation-type events ({@code ProjectCreated}, {@code ProjectCopied}, {@code ProjectImported})
 * carry the stream's attributes ({@code id, workspace_id, scope, author, organization}) and a
 * {@code content} object; {@code ProjectUpdated} carries the changed content fields in
 * {@code changes}; {@code ProjectRestored} carries the full content again.
 *
 * <p>A snapshot names a stream version: {@code SnapshotCreated} records that version (the head
 * before the event) and copies nothing, so taking one costs O(1).
 */
public final class ProjectEvents {
    public static final String CREATED = "ProjectCreated";
    public static final String UPDATED = "ProjectUpdated";
    public static final String COPIED = "ProjectCopied";
    public static final String IMPORTED = "ProjectImported";
    public static final String CONTEXT_ANALYZED = "ContextAnalyzed";
    public static final String SNAPSHOT_CREATED = "SnapshotCreated";
    public static final String SNAPSHOT_DELETED = "SnapshotDeleted";
    public static final String RESTORED = "ProjectRestored";
    public static final String DELETED = "ProjectDeleted";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ProjectEvents() {
    }

    /** The event types that begin a project (a stream, or a new incarnation of a deleted one). */
    public static boolean isCreation(String type) {
        return CREATED.equals(type) || COPIED.equals(type) || IMPORTED.equals(type);
    }

    public static NewEvent created(StreamAttributes attributes, ObjectNode content, ObjectNode origin) {
        ObjectNode data = attributes(attributes).set("content", content);
        if (origin != null) {
            data.set("origin", origin);
        }
        return new NewEvent(CREATED, data);
    }

    public static NewEvent updated(ObjectNode changes) {
        return new NewEvent(UPDATED, JSON.objectNode().set("changes", changes));
    }

    public static NewEvent copied(StreamAttributes attributes, ObjectNode content, ProjectState source) {
        ObjectNode from = JSON.objectNode()
                .put("project_id", source.id)
                .put("workspace_id", source.workspaceId)
                .put("scope", source.scope)
                .put("version", source.apiVersion());
        ObjectNode data = attributes(attributes).set("content", content);
        data.set("source", from);
        return new NewEvent(COPIED, data);
    }

    public static NewEvent imported(StreamAttributes attributes, ObjectNode content, ObjectNode source) {
        ObjectNode data = attributes(attributes).set("content", content);
        data.set("source", source);
        return new NewEvent(IMPORTED, data);
    }

    public static NewEvent snapshotCreated(String snapshotId, int version, String description) {
        return new NewEvent(SNAPSHOT_CREATED, JSON.objectNode().put("snapshot_id", snapshotId).put("version", version)
                .put("description", description));
    }

    public static NewEvent snapshotDeleted(String snapshotId) {
        return new NewEvent(SNAPSHOT_DELETED, JSON.objectNode().put("snapshot_id", snapshotId));
    }

    /** The content as it was at {@code fromVersion}, which the snapshot {@code snapshotId} names. */
    public static NewEvent restored(String snapshotId, int fromVersion, ObjectNode content) {
        ObjectNode data = JSON.objectNode().put("snapshot_id", snapshotId).put("restored_from_version", fromVersion);
        data.set("content", content);
        return new NewEvent(RESTORED, data);
    }

    public static NewEvent deleted(String reason) {
        return new NewEvent(DELETED, JSON.objectNode().put("reason", reason));
    }

    private static ObjectNode attributes(StreamAttributes s) {
        return JSON.objectNode()
                .put("id", s.id())
                .put("workspace_id", s.workspaceId())
                .put("scope", s.scope())
                .put("author", s.author())
                .put("organization", s.organization());
    }
}
