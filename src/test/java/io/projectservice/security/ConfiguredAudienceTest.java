package io.projectservice.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An instance configured as production should be: tokens must be meant for it
 * ({@code MP_JWT_VERIFY_AUDIENCES}), and the identity comes from other claims than the defaults
 * ({@code PROJECTS_SECURITY_USERNAME_CLAIMS=email}, {@code PROJECTS_SECURITY_ORGANIZATION_CLAIMS=tenant}).
 */
@QuarkusTest
@TestProfile(ConfiguredAudienceTest.Configured.class)
class ConfiguredAudienceTest {

    public static class Configured implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.jwt.verify.audiences", "projects-api,projects-api-eu",
                    "projects.security.username-claims", "email",
                    "projects.security.organization-claims", "tenant");
        }
    }

    private static JwtClaimsBuilder ann() {
        return Jwt.claims().claim("email", "ann@acme.example").claim("tenant", "acme-eu")
                .claim("upn", "ann").claim("organization", "acme");
    }

    @Test
    void aTokenForAnotherAudienceIsUnauthorized() {
        for (String token : new String[] {ann().audience("some-other-service").sign(), ann().sign()}) {
            given().header("Authorization", "Bearer " + token).get("/api/v1/projects/list")
                    .then().statusCode(401).body("status", equalTo("error")).body("data", nullValue());
        }
    }

    @Test
    void aTokenForThisServiceIsAccepted() {
        for (String audience : new String[] {"projects-api", "projects-api-eu"}) {
            given().header("Authorization", "Bearer " + ann().audience(audience).sign())
                    .get("/api/v1/projects/list").then().statusCode(200).body("status", equalTo("success"));
        }
    }

    @Test
    void theIdentityComesFromTheConfiguredClaims() {
        String token = ann().audience("projects-api").sign();
        given().header("Authorization", "Bearer " + token)
                .get("/jarvispy/acme-eu/ann@acme.example/api/v1/projects/list?scopes=user").then().statusCode(200);
        // upn and organization are in the token too, but they are not the configured claims
        given().header("Authorization", "Bearer " + token)
                .get("/jarvispy/acme/ann/api/v1/projects/list?scopes=user").then().statusCode(403);
        String withoutEmail = Jwt.claims().claim("upn", "ann").subject("ann").claim("tenant", "acme-eu")
                .audience("projects-api").sign();
        given().header("Authorization", "Bearer " + withoutEmail).get("/api/v1/projects/list")
                .then().statusCode(401).body("message", containsString("email"));
    }
}
