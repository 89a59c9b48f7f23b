package io.projectservice.eventstore;

import java.time.OffsetDateTime;

/**
 * The head row of one stream: its current version and the attributes that authorization needs.
 * Workspace, scope, author and organization never change over a stream's life.
 */
public record StreamHead(String streamId, int version, String workspaceId, String scope, String author,
        String organization, boolean deleted, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    public StreamHead advancedTo(int newVersion, boolean nowDeleted) {
        return new StreamHead(streamId, newVersion, workspaceId, scope, author, organization, nowDeleted, createdAt,
                updatedAt);
    }
}
