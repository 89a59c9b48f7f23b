package io.projectservice.projects;

import io.projectservice.api.ApiException;
import io.projectservice.eventstore.StreamHead;
import io.projectservice.security.AccessPolicy;
import io.projectservice.security.Caller;

/** Finds a project for a caller; anything the caller may not see is simply not found. */
public final class ProjectAccess {
    private ProjectAccess() {
    }

    public static StreamHead requireVisible(StreamHead head, Caller caller, String projectId, String workspaceId,
            Scope scope) {
        if (head == null || head.deleted() || !AccessPolicy.canAccess(caller, head)
                || !head.workspaceId().equals(workspaceId) || (scope != null && !head.scope().equals(scope.wire()))) {
            throw notFound(projectId, workspaceId, scope);
        }
        return head;
    }

    public static ApiException notFound(String projectId, String workspaceId, Scope scope) {
        return ApiException.notFound("Project '" + projectId + "' not found in workspace '" + workspaceId + "'"
                + (scope == null ? "" : " (scope " + scope.wire() + ")"));
    }

    public static void requireOrganization(Caller caller, Scope scope) {
        if (scope == Scope.ORGANIZATION && caller.organization() == null) {
            throw ApiException.forbidden("Organization scope needs an organization claim in your token");
        }
    }
}
