package io.projectservice.api;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.projectservice.support.Api;
import io.projectservice.support.EventLog;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two users of one organization (ann, bob) and one of another (eve), against a user-scope and an
 * organization-scope project, on every endpoint: who may, and what the others get (404 without
 * leaking existence; 409 for an id they may not write). Denied requests leave the log unchanged.
 */
@QuarkusTest
class AuthorizationMatrixTest {
    private static final String WS = "authz";

    @Inject
    EventLog log;

    String privateId;
    String sharedId;

    @BeforeEach
    void projects() {
        privateId = save("ann", "acme", Map.of("name", "Ann's private", "scope", "user"));
        sharedId = save("ann", "acme", Map.of("name", "Acme shared", "scope", "organization"));
    }

    @Test
    void userScopeProjectIsItsAuthorsAlone() {
        for (String[] other : new String[][] {{"bob", "acme"}, {"eve", "other"}, {"ann", "other"}}) {
            denied(other[0], other[1], privateId, "user");
        }
        allowed("ann", "acme", privateId, "user");
    }

    @Test
    void organizationScopeProjectIsSharedWithItsMembersOnly() {
        denied("eve", "other", sharedId, "organization");
        allowed("ann", "acme", sharedId, "organization");
        allowed("bob", "acme", sharedId, "organization");
    }

    @Test
    void hostedPrefixMustMatchTheToken() {
        long before = log.count();
        for (String path : new String[] {"/jarvispy/other/ann/api/v1/projects/" + WS + "/load",
                "/jarvispy/acme/bob/api/v1/projects/load"}) {
            Api.as("ann", "acme").queryParam("project_id", privateId).get(path)
                    .then().statusCode(403).body("status", equalTo("error")).body("data", nullValue());
        }
        Api.as("ann", "acme").body(Map.of("project", Map.of("name", "x")))
                .post("/jarvispy/acme/bob/api/v1/projects/" + WS + "/save").then().statusCode(403);
        assertEquals(before, log.count());
    }

    /** Every endpoint answers 404 (409 for save: the id is taken) and writes nothing. */
    private void denied(String user, String org, String id, String scope) {
        long before = log.count();
        Map<String, BiFunction<String, String, Response>> calls = new LinkedHashMap<>(readsAndWrites(id, scope));
        calls.put("cleanup", (u, o) -> cleanup(u, o, id, scope));
        for (var call : calls.entrySet()) {
            int expected = call.getKey().equals("save") ? 409 : 404;
            call.getValue().apply(user, org).then().statusCode(expected)
                    .body("status", equalTo(expected == 409 ? "conflict" : "error"))
                    .body("data", nullValue());
        }
        assertEquals(before, log.count(), "a denied request wrote to the log");
    }

    /** Every endpoint succeeds; the last allowed caller also deletes the project. */
    private void allowed(String user, String org, String id, String scope) {
        for (var call : readsAndWrites(id, scope).values()) {
            call.apply(user, org).then().statusCode(200).body("status", equalTo("success"));
        }
        if (!user.equals("ann") || scope.equals("user")) {
            cleanup(user, org, id, scope).then().statusCode(200).body("data.deleted_count", equalTo(1));
        }
    }

    private Map<String, BiFunction<String, String, Response>> readsAndWrites(String id, String scope) {
        return Map.of(
                "load", (u, o) -> Api.as(u, o).queryParam("project_id", id).queryParam("scope", scope)
                        .get(path(u, o, "load")),
                "save", (u, o) -> Api.as(u, o).body(Map.of("project", Map.of("id", id, "name", "by " + u,
                        "scope", scope))).post(path(u, o, "save")),
                "copy", (u, o) -> Api.as(u, o).body(Map.of("project_id", id)).post(path(u, o, "copy")),
                "export", (u, o) -> Api.as(u, o).body(Map.of("project_id", id, "scope", scope))
                        .post(path(u, o, "export-project")));
    }

    private static Response cleanup(String user, String org, String id, String scope) {
        return Api.as(user, org).body(Map.of("project", Map.of("id", id, "scope", scope)))
                .post(path(user, org, "cleanup"));
    }

    private static String path(String user, String org, String action) {
        return Api.HOSTED_SEED.path(user, org, WS, action);
    }

    private static String save(String user, String org, Map<String, Object> project) {
        return Api.as(user, org).body(Map.of("project", project)).post(Api.SELF_HOSTED_SEED.path(user, org, WS, "save"))
                .then().statusCode(200).extract().path("data.project_id");
    }
}
