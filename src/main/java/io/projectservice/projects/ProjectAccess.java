package io.projectservice.projects;

import io.projectservice.errors.Refusal;
import io.projectservice.security.Caller;

/** A project the caller may not see is simply not found ({@link ProjectGate} decides who may). */
public final class ProjectAccess {
    private ProjectAccess() {
    }

    public static Refusal notFound(String projectId, String workspaceId, Scope scope) {
        return Refusal.notFound("project_not_found",
                "Project '" + projectId + "' not found in workspace '" + workspaceId + "'"
                + (scope == null ? "" : " (scope " + scope.wire() + ")"));
    }

    public static void requireOrganization(Caller caller, Scope scope) {
        if (scope == Scope.ORGANIZATION && caller.organization() == null) {
            throw Refusal.forbidden("organization_claim_missing",
                    "Organization scope needs an organization claim in your token");
        }
    }
}
