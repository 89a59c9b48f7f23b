package io.projectservice.security;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The authenticated user behind a request, as the token names them. {@code sub} and {@code email}
 * (lower case) are what a share may name its recipient by, besides username and organization;
 * either may be null.
 */
public record Caller(String username, String organization, Set<String> roles, String sub, String email) {

    public Caller(String username, String organization, Set<String> roles) {
        this(username, organization, roles, null, null);
    }

    public Caller {
        email = email == null || email.isBlank() ? null : email.trim().toLowerCase(Locale.ROOT);
        sub = sub == null || sub.isBlank() ? null : sub;
    }

    /** User-scope projects belong to their author (within the author's organization). */
    public boolean isAuthor(String author, String authorOrganization) {
        return username.equals(author) && Objects.equals(organization, authorOrganization);
    }

    public boolean isMemberOf(String org) {
        return organization != null && organization.equals(org);
    }
}
