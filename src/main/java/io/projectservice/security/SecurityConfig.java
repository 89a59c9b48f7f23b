package io.projectservice.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/**
 * Which claims of a verified token name the caller (prefix {@code projects.security}). Each list is
 * tried in order; the first claim present with a non-blank value wins. The token itself (signature,
 * issuer, audience, expiry) is checked by smallrye-jwt ({@code mp.jwt.verify.*}) before any of
 * these are read.
 */
@ConfigMapping(prefix = "projects.security")
public interface SecurityConfig {

    /** The username: the author of user-scope projects, and the user of the hosted prefix. */
    @WithDefault("upn,preferred_username,sub")
    List<String> usernameClaims();

    /** The organization: who shares organization-scope projects. */
    @WithDefault("organization,org")
    List<String> organizationClaims();

    /** Roles: every listed claim contributes (a string or an array of strings). */
    @WithDefault("groups,role")
    List<String> roleClaims();
}
