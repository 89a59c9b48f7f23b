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
        return Scope.USER.wire().equals(head.scope())
                ? caller.isAuthor(head.author(), head.organization())
                : caller.isMemberOf(head.organization());
    }
}
