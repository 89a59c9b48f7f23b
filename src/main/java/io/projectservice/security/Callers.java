package io.projectservice.security;

import io.projectservice.errors.Refusal;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonString;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Resolves the {@link Caller} of the current request from its verified JWT, through the claims
 * {@link SecurityConfig} names (by default: username from {@code upn}, {@code preferred_username}
 * or {@code sub}; organization from {@code organization} or {@code org}; roles from {@code groups}
 * and {@code role}; {@code sub} and {@code email} as they are, for matching shares' recipients).
 * On the hosted prefix {@code /jarvispy/{org}/{user}} both path segments must
 * match the token.
 */
@ApplicationScoped
public class Callers {
    /** Routing-context keys set by the path normalizer for the hosted prefix. */
    public static final String HOSTED_ORG = "hosted.organization";
    public static final String HOSTED_USER = "hosted.username";

    private final JsonWebToken token;
    private final CurrentVertxRequest request;
    private final SecurityConfig claims;

    public Callers(JsonWebToken token, CurrentVertxRequest request, SecurityConfig claims) {
        this.token = token;
        this.request = request;
        this.claims = claims;
    }

    /** Must be called while the request context is active (at the start of a resource method). */
    public Caller current() {
        String username = firstString(claims.usernameClaims());
        if (username == null) {
            throw Refusal.unauthenticated("token_without_user", "The token names no user ("
                    + String.join(", ", claims.usernameClaims()) + ")");
        }
        String organization = firstString(claims.organizationClaims());
        Caller caller = new Caller(username, organization, roles(), firstString(List.of("sub")),
                firstString(List.of("email")));
        var rc = request.getCurrent();
        if (rc != null) {
            String hostedOrg = rc.get(HOSTED_ORG);
            String hostedUser = rc.get(HOSTED_USER);
            if (hostedOrg != null && (!hostedOrg.equals(organization) || !hostedUser.equals(username))) {
                throw Refusal.forbidden("path_token_mismatch",
                        "The path names organization '" + hostedOrg + "' and user '"
                        + hostedUser + "', which do not match your token");
            }
        }
        return caller;
    }

    private String firstString(List<String> names) {
        for (String claim : names) {
            Object value = token.getClaim(claim);
            String s = asString(value);
            if (s != null && !s.isBlank()) {
                return s;
            }
        }
        return null;
    }

    private Set<String> roles() {
        Set<String> roles = new LinkedHashSet<>();
        for (String claim : claims.roleClaims()) {
            Object value = token.getClaim(claim);
            if (value instanceof Collection<?> many) { // groups: smallrye answers a Set<String>
                many.forEach(v -> add(roles, v));
            } else {
                add(roles, value);
            }
        }
        return roles;
    }

    private static void add(Set<String> roles, Object value) {
        String s = asString(value);
        if (s != null && !s.isBlank()) {
            roles.add(s);
        }
    }

    private static String asString(Object value) {
        if (value instanceof JsonString s) {
            return s.getString();
        }
        return value instanceof String s ? s : null;
    }
}
