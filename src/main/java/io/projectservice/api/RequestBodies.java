package io.projectservice.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.projectservice.config.MeasuredMetadata;

/** Request bodies of the Projects API. Every field may be absent or JSON null; extras are ignored. */
public final class RequestBodies {
    private RequestBodies() {
    }

    public record SaveBody(ProjectInput project) {
    }

    public record ProjectInput(String id, String name, String description,
            @JsonDeserialize(using = MeasuredMetadata.class) JsonNode metadata, String scope) {
    }

    public record ProjectRef(String projectId, String scope) {
    }

    public record CopyBody(String projectId, String workspaceId, String newProjectName, String targetScope) {
    }

    public record CleanupBody(CleanupTarget project) {
    }

    public record CleanupTarget(String id, String scope) {
    }

    public record ImportBody(JsonNode exportData, String scope, Boolean forceNewId) {
    }

    public record SnapshotCreateBody(String projectId, String scope, String description) {
    }

    public record SnapshotRestoreBody(String snapshotId, String projectId, String scope,
            Boolean createSafetySnapshot) {
    }

    public record SnapshotRef(String snapshotId, String projectId, String scope) {
    }

    public record ImportTemplateBody(String templateId, String newProjectName, String projectScope) {
    }

    public record WorkspaceExportBody(String scope) {
    }
}
