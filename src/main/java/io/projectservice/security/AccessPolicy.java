package io.projectservice.security;

import io.projectservice.eventstore.StreamHead;
import io.projectservice.projects.Scope;

/**
 * Data-driven authorization: a user-scope project is its author's alone; an organization-scope
 * project is readable and writable by every member of its organization.
 */
public final class AccessPolicy {
    private AccessPolicy() {
    }

    public static boolean canAccess(Caller caller, StreamHead head) {
        return canAccess(caller, head.scope(), head.author(), head.organization());
    }

    public static boolean canAccess(Caller caller, String scope, String author, String organization) {
        return Scope.USER.wire().equals(scope)
                ? caller.isAuthor(author, organization)
                : caller.isMemberOf(organization);
    }
}
