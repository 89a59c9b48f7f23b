package io.projectservice.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.projectservice.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Unconfigured, the service grants no other origin anything: CORS is opt-in (CORS_ENABLED). */
@QuarkusTest
class CorsOffByDefaultTest {

    @Test
    void noOriginIsGrantedByDefault() {
        given().header("Origin", "https://console.example.org").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization")
                .options("/api/v1/projects/cors/save")
                .then().header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", "https://console.example.org").header("Authorization", Tokens.bearer("cors-user", "cors-org"))
                .get("/api/v1/projects/cors/list")
                .then().statusCode(200).body("status", equalTo("success"))
                .header("Access-Control-Allow-Origin", nullValue());
    }
}
