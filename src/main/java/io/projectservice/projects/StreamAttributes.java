package io.projectservice.projects;

/**
 * What a project's first event records about its stream and never changes: its id, home
 * (workspace and scope) and owner (author and organization).
 */
public record StreamAttributes(String id, String workspaceId, String scope, String author, String organization) {
}
