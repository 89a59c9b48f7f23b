package io.projectservice.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import org.junit.jupiter.api.Test;

/**
 * The default configuration, end to end: no audience is required, and the username and the
 * organization fall back along upn, preferred_username, sub and organization, org. The hosted
 * prefix {@code /jarvispy/{org}/{user}} shows which identity the service took from the token (403
 * when it is another one). With an audience and other claims configured: {@link ConfiguredAudienceTest}.
 */
@QuarkusTest
class TokenClaimsTest {

    private static int list(String token, String org, String user) {
        return given().header("Authorization", "Bearer " + token)
                .get("/jarvispy/" + org + "/" + user + "/api/v1/projects/list?scopes=user").statusCode();
    }

    @Test
    void withoutAConfiguredAudienceAnyAudienceIsAccepted() {
        given().header("Authorization", "Bearer " + Jwt.upn("ann").claim("organization", "acme")
                .audience("some-other-service").sign())
                .get("/api/v1/projects/list").then().statusCode(200).body("status", equalTo("success"));
    }

    @Test
    void theUsernameFallsBackFromUpnToPreferredUsernameToSub() {
        String upnWins = Jwt.claims().claim("upn", "ann").claim("preferred_username", "bob").subject("s-1")
                .claim("organization", "acme").sign();
        assertStatus(200, list(upnWins, "acme", "ann"));
        assertStatus(403, list(upnWins, "acme", "bob"));
        String preferred = Jwt.claims().claim("preferred_username", "bob").subject("s-1")
                .claim("organization", "acme").sign();
        assertStatus(200, list(preferred, "acme", "bob"));
        assertStatus(403, list(preferred, "acme", "s-1"));
        String subOnly = Jwt.claims().subject("s-1").claim("org", "acme").sign();
        assertStatus(200, list(subOnly, "acme", "s-1"));
    }

    @Test
    void theOrganizationFallsBackFromOrganizationToOrg() {
        String both = Jwt.upn("ann").claim("organization", "acme").claim("org", "other").sign();
        assertStatus(200, list(both, "acme", "ann"));
        assertStatus(403, list(both, "other", "ann"));
        assertStatus(200, list(Jwt.upn("ann").claim("org", "other").sign(), "other", "ann"));
    }

    private static void assertStatus(int expected, int actual) {
        org.junit.jupiter.api.Assertions.assertEquals(expected, actual);
    }
}
