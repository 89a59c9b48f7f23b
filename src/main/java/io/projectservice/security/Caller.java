package io.projectservice.security;

import java.util.Objects;
import java.util.Set;

/** The authenticated user behind a request, as the token names them. */
public record Caller(String username, String organization, Set<String> roles) {

    /** User-scope projects belong to their author (within the author's organization). */
    public boolean isAuthor(String author, String authorOrganization) {
        return username.equals(author) && Objects.equals(organization, authorOrganization);
    }

    public boolean isMemberOf(String org) {
        return organization != null && organization.equals(org);
    }
}
