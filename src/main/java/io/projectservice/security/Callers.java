package io.projectservice.security;

import io.projectservice.api.ApiException;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.LinkedHashSet;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Resolves the {@link Caller} of the current request from its verified JWT: username from
 * {@code upn}, {@code preferred_username} or {@code sub}; organization from {@code organization}
 * or {@code org}; roles from {@code groups} or {@code role}. On the hosted prefix
 * {@code /jarvispy/{org}/{user}} both path segments must match the token.
 */
@ApplicationScoped
public class Callers {
    /** Routing-context keys set by the path normalizer for the hosted prefix. */
    public static final String HOSTED_ORG = "hosted.organization";
    public static final String HOSTED_USER = "hosted.username";

    private final JsonWebToken token;
    private final CurrentVertxRequest request;

    public Callers(JsonWebToken token, CurrentVertxRequest request) {
        this.token = token;
        this.request = request;
    }

    /** Must be called while the request context is active (at the start of a resource method). */
    public Caller current() {
        String username = firstString("upn", "preferred_username", "sub");
        if (username == null || username.isBlank()) {
            throw ApiException.unauthorized("The token names no user (upn, preferred_username or sub)");
        }
        String organization = firstString("organization", "org");
        Caller caller = new Caller(username, organization, roles());
        var rc = request.getCurrent();
        if (rc != null) {
            String hostedOrg = rc.get(HOSTED_ORG);
            String hostedUser = rc.get(HOSTED_USER);
            if (hostedOrg != null && (!hostedOrg.equals(organization) || !hostedUser.equals(username))) {
                throw ApiException.forbidden("The path names organization '" + hostedOrg + "' and user '"
                        + hostedUser + "', which do not match your token");
            }
        }
        return caller;
    }

    private String firstString(String... claims) {
        for (String claim : claims) {
            Object value = token.getClaim(claim);
            String s = asString(value);
            if (s != null && !s.isBlank()) {
                return s;
            }
        }
        return null;
    }

    private Set<String> roles() {
        Set<String> roles = new LinkedHashSet<>(token.getGroups() == null ? Set.of() : token.getGroups());
        Object role = token.getClaim("role");
        if (role instanceof JsonArray array) {
            array.forEach(v -> add(roles, v));
        } else {
            String s = asString(role);
            if (s != null) {
                roles.add(s);
            }
        }
        return roles;
    }

    private static void add(Set<String> roles, JsonValue v) {
        if (v instanceof JsonString s) {
            roles.add(s.getString());
        }
    }

    private static String asString(Object value) {
        if (value instanceof JsonString s) {
            return s.getString();
        }
        return value instanceof String s ? s : null;
    }
}
