package io.projectservice.eventstore;

import java.time.OffsetDateTime;

/**
 * The head row of one stream: its current version and the attributes that authorization needs.
 * Workspace and scope never change over a stream's life.
 *
 * <p>A deleted project's id can be used again. The project made then is a new incarnation of the
 * stream: the log goes on from the next version (versions stay gapless per stream, so consumers that
 * are idempotent by (project id, version) miss nothing), and {@code incarnationStart} records the
 * version of its first event. The API counts versions from there: {@link #apiVersion} is 1 for
 * that first event, and nothing before it is reachable through the API.
 */
public record StreamHead(String streamId, int version, String workspaceId, String scope, String author,
        String organization, boolean deleted, OffsetDateTime createdAt, OffsetDateTime updatedAt,
        int incarnation, int incarnationStart) {

    /** A stream in its first incarnation. */
    public StreamHead(String streamId, int version, String workspaceId, String scope, String author,
            String organization, boolean deleted, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
        this(streamId, version, workspaceId, scope, author, organization, deleted, createdAt, updatedAt, 1, 1);
    }

    public StreamHead advancedTo(int newVersion, boolean nowDeleted) {
        return new StreamHead(streamId, newVersion, workspaceId, scope, author, organization, nowDeleted, createdAt,
                updatedAt, incarnation, incarnationStart);
    }

    /** The head once this deleted stream's id is used again by {@code newAuthor}: its first event is next. */
    public StreamHead reincarnatedAt(int newVersion, String newAuthor) {
        return new StreamHead(streamId, newVersion, workspaceId, scope, newAuthor, organization, false, null, null,
                incarnation + 1, version + 1);
    }

    /** Whether this head begins a new incarnation after {@code before} (null: a new stream). */
    public boolean beginsIncarnationAfter(int expectedVersion) {
        return expectedVersion > 0 && incarnationStart > expectedVersion;
    }

    /** The current version as the API counts it: from 1 at the incarnation's first event. */
    public int apiVersion() {
        return apiVersion(version);
    }

    public int apiVersion(int logVersion) {
        return logVersion - incarnationStart + 1;
    }

    public int logVersion(int apiVersion) {
        return incarnationStart + apiVersion - 1;
    }
}
