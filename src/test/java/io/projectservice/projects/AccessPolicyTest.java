package io.projectservice.projects;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.projectservice.eventstore.StreamHead;
import io.projectservice.security.Caller;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Who may see and change a project, without a database: a user-scope project is its author's
 * alone (within the author's organization), an organization-scope project every member's; roles
 * change nothing. Both ways in (attributes, and a stream head) decide alike.
 */
class AccessPolicyTest {

    @ParameterizedTest(name = "{0}/{1} on {2} project of {3}/{4}: {5}")
    @CsvSource(nullValues = "-", value = {
            // caller, caller's org, scope, author, author's org, allowed
            "ann, acme, user, ann, acme, true", // the author
            "bob, acme, user, ann, acme, false", // a member, not the author
            "eve, other, user, ann, acme, false", // a stranger
            "ann, other, user, ann, acme, false", // the author's name in another organization
            "ann, -, user, ann, acme, false", // the author's name without an organization
            "ann, -, user, ann, -, true", // an author without an organization, on their own project
            "ann, acme, user, ann, -, false", // the same name, now in an organization
            "Ann, acme, user, ann, acme, false", // names are case-sensitive
            "ann, acme, organization, ann, acme, true", // the author, as a member
            "bob, acme, organization, ann, acme, true", // a member
            "eve, other, organization, ann, acme, false", // a stranger
            "bob, ACME, organization, ann, acme, false", // organizations are case-sensitive
            "bob, -, organization, ann, -, false", // no organization is no shared organization
            "ann, -, organization, ann, -, false"}) // not even the author's
    void decides(String user, String org, String scope, String author, String authorOrg, boolean allowed) {
        for (Set<String> roles : java.util.List.of(Set.<String>of(), Set.of("user"), Set.of("admin", "user"))) {
            Caller caller = new Caller(user, org, roles);
            assertEquals(allowed, ProjectAccess.canAccess(caller, scope, author, authorOrg), "roles " + roles);
            assertEquals(allowed, ProjectAccess.canAccess(caller,
                    new StreamHead("p1", 3, "ws", scope, author, authorOrg, false, null, null)), "from the stream head");
        }
    }
}
