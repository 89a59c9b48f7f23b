package io.projectservice.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.projectservice.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With CORS switched on for one origin (CORS_ENABLED, CORS_ORIGINS), a browser page from that
 * origin may call the API with a bearer token and read the paging and rate-limit headers; a page
 * from any other origin gets no grant.
 */
@QuarkusTest
@TestProfile(CorsTest.OneOrigin.class)
class CorsTest {
    static final String CONSOLE = "https://console.example.org";

    public static class OneOrigin implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.cors.enabled", "true", "quarkus.http.cors.origins", CONSOLE);
        }
    }

    @Test
    void theConfiguredOriginMayPreflightAnAuthorizedPost() {
        given().header("Origin", CONSOLE).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .options("/api/v1/projects/cors/save")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", CONSOLE)
                .header("Access-Control-Allow-Methods", containsString("POST"))
                .header("Access-Control-Allow-Headers", containsString("authorization"))
                .header("Access-Control-Allow-Credentials", "false");
    }

    @Test
    void theConfiguredOriginReadsThePagingHeaders() {
        given().header("Origin", CONSOLE).header("Authorization", Tokens.bearer("cors-user", "cors-org"))
                .get("/api/v1/projects/cors/list?limit=1")
                .then().statusCode(200).body("status", equalTo("success"))
                .header("Access-Control-Allow-Origin", CONSOLE)
                .header("Access-Control-Expose-Headers", containsString("Link"))
                .header("Access-Control-Expose-Headers", containsString("X-Next-Cursor"))
                .header("Access-Control-Expose-Headers", containsString("Retry-After"));
    }

    @Test
    void anotherOriginGetsNoGrant() {
        given().header("Origin", "https://elsewhere.example.com").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization")
                .options("/api/v1/projects/cors/save")
                .then().header("Access-Control-Allow-Origin", nullValue());
    }
}
