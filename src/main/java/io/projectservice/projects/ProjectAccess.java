package io.projectservice.projects;

import io.projectservice.api.ApiException;
import io.projectservice.security.Caller;

/** A project the caller may not see is simply not found ({@link ProjectGate} decides who may). */
public final class ProjectAccess {
    private ProjectAccess() {
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
