package io.projectservice.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.projectservice.errors.Refusal;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

/**
 * Which claims name the caller, with the defaults and with other lists, on tokens as smallrye-jwt
 * hands them to the service ({@link DefaultJWTCallerPrincipal}). End to end, with the audience
 * check: {@code TokenClaimsTest} and {@code ConfiguredAudienceTest}.
 */
class CallersTest {

    private static SecurityConfig config(Map<String, String> values) {
        var builder = new SmallRyeConfigBuilder().withMapping(SecurityConfig.class);
        values.forEach(builder::withDefaultValue);
        return builder.build().getConfigMapping(SecurityConfig.class);
    }

    private static Caller caller(SecurityConfig config, Map<String, Object> claims) {
        JwtClaims jwt = new JwtClaims();
        claims.forEach(jwt::setClaim);
        return new Callers(new DefaultJWTCallerPrincipal(jwt), new CurrentVertxRequest(), config).current();
    }

    @Test
    void byDefaultTheUsernameIsUpnThenPreferredUsernameThenSub() {
        SecurityConfig defaults = config(Map.of());
        assertEquals(List.of("upn", "preferred_username", "sub"), defaults.usernameClaims());
        assertEquals("ann", caller(defaults, Map.of("upn", "ann", "preferred_username", "bob", "sub", "s-1")).username());
        assertEquals("bob", caller(defaults, Map.of("preferred_username", "bob", "sub", "s-1")).username());
        assertEquals("s-1", caller(defaults, Map.of("sub", "s-1")).username());
        // a blank claim does not count: the next one does
        assertEquals("bob", caller(defaults, Map.of("upn", " ", "preferred_username", "bob")).username());
    }

    @Test
    void byDefaultTheOrganizationIsOrganizationThenOrg() {
        SecurityConfig defaults = config(Map.of());
        assertEquals("acme", caller(defaults, Map.of("sub", "ann", "organization", "acme", "org", "other")).organization());
        assertEquals("other", caller(defaults, Map.of("sub", "ann", "org", "other")).organization());
        assertNull(caller(defaults, Map.of("sub", "ann")).organization());
    }

    @Test
    void byDefaultRolesComeFromGroupsAndRole() {
        SecurityConfig defaults = config(Map.of());
        assertEquals(Set.of("user", "admin", "auditor"),
                caller(defaults, Map.of("sub", "ann", "groups", List.of("user", "admin"), "role", "auditor")).roles());
        assertEquals(Set.of("a", "b"), caller(defaults, Map.of("sub", "ann", "role", List.of("a", "b"))).roles());
        assertEquals(Set.of(), caller(defaults, Map.of("sub", "ann")).roles());
    }

    @Test
    void otherClaimsWhenConfigured() {
        SecurityConfig custom = config(Map.of("projects.security.username-claims", "email,sub",
                "projects.security.organization-claims", "tenant", "projects.security.role-claims", "roles"));
        Caller c = caller(custom, Map.of("upn", "ann", "email", "ann@acme.example", "sub", "s-1",
                "organization", "acme", "tenant", "acme-eu", "groups", List.of("user"), "roles", List.of("editor")));
        assertEquals("ann@acme.example", c.username());
        assertEquals("acme-eu", c.organization());
        assertEquals(Set.of("editor"), c.roles());
        // the listed claims only: upn and organization are not looked at
        assertEquals("s-1", caller(custom, Map.of("upn", "ann", "sub", "s-1")).username());
        assertNull(caller(custom, Map.of("sub", "s-1", "organization", "acme")).organization());
    }

    @Test
    void aTokenWithoutAnyUsernameClaimIsUnauthorized() {
        SecurityConfig custom = config(Map.of("projects.security.username-claims", "email"));
        Refusal e = assertThrows(Refusal.class, () -> caller(custom, Map.of("upn", "ann", "sub", "ann")));
        assertEquals(Refusal.Kind.UNAUTHENTICATED, e.kind());
        assertEquals("token_without_user", e.code());
        assertTrue(e.getMessage().contains("email"), e.getMessage());
    }
}
