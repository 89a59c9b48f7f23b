package io.projectservice.projects;

import io.projectservice.errors.Refusal;
import io.projectservice.eventstore.StreamHead;
import io.projectservice.security.Caller;

/**
 * The access policy, in one place and without a database. A user-scope project is its author's
 * alone; an organization-scope project is readable and writable by every member of its
 * organization. Its owners use it in its own workspace and scope; anyone else needs a usable
 * share ({@link ShareGrant}), whatever workspace and scope they name. A project the caller may not
 * see is simply not found.
 */
public final class ProjectAccess {
    private ProjectAccess() {
    }

    /** What a request does with the project. */
    public enum Need {
        /** load, history, export, snapshots/list, copy from: owners, viewers, editors. */
        READ,
        /** save, snapshots/create and restore: owners and editors. */
        WRITE,
        /** cleanup, snapshots/delete: owners only. */
        DELETE,
        /** share, revoke, update-role, the outbox of one project: the project's author only. */
        SHARE
    }

    public static boolean canAccess(Caller caller, StreamHead head) {
        return canAccess(caller, head.scope(), head.author(), head.organization());
    }

    public static boolean canAccess(Caller caller, String scope, String author, String organization) {
        return Scope.USER.wire().equals(scope)
                ? caller.isAuthor(author, organization)
                : caller.isMemberOf(organization);
    }

    /** Whether the project at {@code head} lives in this workspace and scope (null: any scope). */
    public static boolean atHome(StreamHead head, String workspaceId, Scope scope) {
        return head.workspaceId().equals(workspaceId) && (scope == null || head.scope().equals(scope.wire()));
    }

    /**
     * Whether the caller may {@code need} the project as an owner (false: only a share can let them
     * in). A missing or deleted project, and an owner's share request on a project someone else
     * wrote, are refused here.
     */
    public static boolean ownerMay(StreamHead head, Caller caller, String projectId, String workspaceId, Scope scope,
            Need need) {
        if (head == null || head.deleted()) {
            throw notFound(projectId, workspaceId, scope);
        }
        if (canAccess(caller, head) && atHome(head, workspaceId, scope)) {
            if (need == Need.SHARE && !caller.isAuthor(head.author(), head.organization())) {
                throw Refusal.forbidden("owner_only_share", "Only the author of project '" + projectId + "' shares it");
            }
            return true;
        }
        return false;
    }

    /** {@code share} when it allows {@code need}; a 403 that says why otherwise. */
    public static <S extends ShareGrant> S allow(S share, Need need, String projectId) {
        switch (need) {
            case READ -> {
            }
            case WRITE -> {
                if (!share.editor()) {
                    throw Refusal.forbidden("viewer_read_only",
                            "Project '" + projectId + "' is shared with you as viewer:"
                            + " it cannot be changed through that share");
                }
            }
            case DELETE -> throw Refusal.forbidden("owner_only_delete",
                    "Project '" + projectId + "' is shared with you:"
                    + " only its owner deletes it or its snapshots");
            case SHARE -> throw Refusal.forbidden("owner_only_share", "Project '" + projectId + "' is shared with you:"
                    + " only its owner shares it");
        }
        return share;
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
