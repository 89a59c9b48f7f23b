package io.projectservice.projects;

import java.util.ArrayList;
import java.util.List;

/**
 * The SQL condition for the projects a caller sees in some scopes, over a row alias with the
 * columns scope, author and organization; parameters $2 = username, $3 = organization.
 */
public final class ScopeFilter {
    private ScopeFilter() {
    }

    public static String visibleTo(String alias, List<Scope> scopes) {
        List<String> parts = new ArrayList<>();
        if (scopes.contains(Scope.USER)) {
            parts.add("(" + alias + ".scope = 'user' AND " + alias + ".author = $2 AND " + alias
                    + ".organization IS NOT DISTINCT FROM $3::text)");
        }
        if (scopes.contains(Scope.ORGANIZATION)) {
            parts.add("(" + alias + ".scope = 'organization' AND " + alias + ".organization = $3::text)");
        }
        if (!scopes.contains(Scope.USER)) {
            parts.add("($2::text IS NULL AND false)");
        }
        return "(" + String.join(" OR ", parts) + ")";
    }
}
