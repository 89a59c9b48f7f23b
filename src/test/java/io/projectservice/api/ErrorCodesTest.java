package io.projectservice.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.projectservice.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Real error paths answer with the envelope's machine-readable {@code code} (docs/ERRORS.md) beside
 * the unchanged status, message and null data; a success has no {@code code} at all.
 */
@QuarkusTest
class ErrorCodesTest {
    private static final String WS = "/api/v1/projects/ws-codes/";

    @Test
    void aSuccessHasNoCode() {
        Api.as("codes-ann", "acme").body(Map.of("project", Map.of("name", "Coded"))).post(WS + "save")
                .then().statusCode(200).body("status", equalTo("success")).body("$", not(hasKey("code")));
        Api.as("codes-ann", "acme").get(WS + "list")
                .then().statusCode(200).body("status", equalTo("success")).body("$", not(hasKey("code")));
    }

    @Test
    void anUnknownProjectIsProjectNotFound() {
        error(Api.as("codes-ann", "acme").get(WS + "load?project_id=no-such-project").then(), 404,
                "project_not_found");
    }

    @Test
    void aStaleIfMatchIsAVersionConflict() {
        String id = Api.as("codes-ann", "acme").body(Map.of("project", Map.of("name", "Versioned")))
                .post(WS + "save").then().statusCode(200).extract().path("data.project_id");
        Api.as("codes-ann", "acme").header("If-Match", "\"1\"")
                .body(Map.of("project", Map.of("id", id, "name", "Second"))).post(WS + "save")
                .then().statusCode(200);
        var stale = Api.as("codes-ann", "acme").header("If-Match", "\"1\"")
                .body(Map.of("project", Map.of("id", id, "name", "Third"))).post(WS + "save").then();
        stale.statusCode(409).body("status", equalTo("conflict")).body("data", nullValue())
                .body("code", equalTo("version_conflict"))
                .body("message", equalTo("Project '" + id + "' is at version 2, not 1 (If-Match);"
                        + " load it again and retry"));
    }

    @Test
    void badInputSaysWhichRule() {
        error(Api.as("codes-ann", "acme").body(Map.of("project", Map.of("name", " "))).post(WS + "save").then(),
                400, "field_required");
        error(Api.as("codes-ann", "acme").body("{\"project\": ").post(WS + "save").then(), 400, "json_malformed");
        error(Api.as("codes-ann", "acme").body(Map.of("project", Map.of("name", "x", "scope", "team")))
                .post(WS + "save").then(), 400, "scope_unknown");
        error(Api.as("codes-ann", "acme").get(WS + "list?cursor=not-a-cursor").then(), 400, "cursor_invalid");
    }

    @Test
    void noTokenIsTokenMissingAndABadOneTokenInvalid() {
        error(given().get(WS + "list").then(), 401, "token_missing");
        error(given().header("Authorization", "Bearer not.a.jwt").get(WS + "list").then(), 401, "token_invalid");
    }

    @Test
    void aBodyOverTheLimitIsBodyTooLarge() {
        String huge = "{\"project\":{\"name\":\"x\",\"description\":\"" + "d".repeat(11 * 1024 * 1024) + "\"}}";
        error(Api.as("codes-ann", "acme").body(huge).post(WS + "save").then(), 413, "body_too_large");
    }

    @Test
    void overTheRateIsRateLimited() {
        // organization 'throttled' has a bucket of 5 that does not refill during a test (see RateLimitTest)
        for (int i = 0; i < 5; i++) {
            Api.as("codes-rl", "throttled").get(WS + "list").then().statusCode(200);
        }
        error(Api.as("codes-rl", "throttled").get(WS + "list").then(), 429, "rate_limited");
    }

    @Test
    void httpErrorsHaveCodesToo() {
        error(Api.as("codes-ann", "acme").get("/api/v1/projects/ws-codes/no-such-action").then(), 404,
                "route_not_found");
        error(Api.as("codes-ann", "acme").get(WS + "save").then(), 405, "method_not_allowed");
    }

    private static void error(ValidatableResponse response, int status, String code) {
        response.statusCode(status).body("status", equalTo("error")).body("data", nullValue())
                .body("$", hasKey("data")).body("code", equalTo(code));
    }
}
