package io.projectservice.api;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.projectservice.support.Api;
import io.projectservice.support.Projects;
import io.projectservice.support.StoredRows;
import io.projectservice.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who may do what, on every operation that names a project and through all four route
 * spellings: ann's user-scope project is hers alone; acme's organization-scope project is every
 * acme member's. Everyone else gets a 404 that does not tell the project exists (409 for a save
 * onto its id), sees it in no list and no workspace export, and changes no stored row. The
 * alternative claim names ({@code preferred_username}, {@code sub}, {@code org}, {@code role})
 * identify the same callers; roles grant nothing.
 */
@QuarkusTest
class AuthorizationMatrixTest {
    private static final String WS = "authz";

    @Inject
    StoredRows stored;

    /** A project of ann's and one live snapshot of it. */
    record Target(String id, String snapshot, String scope) {
    }

    static Stream<Arguments> outsiders() {
        List<Arguments> cases = new ArrayList<>();
        for (Api api : Api.values()) {
            cases.add(Arguments.of(api, "user", "bob", "acme")); // a member of the organization
            cases.add(Arguments.of(api, "user", "eve", "other")); // a stranger
            cases.add(Arguments.of(api, "user", "ann", "other")); // ann's name in another organization
            cases.add(Arguments.of(api, "organization", "eve", "other"));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {2}/{3} on ann's {1}-scope project")
    @MethodSource("outsiders")
    void everyOperationIsDeniedToOutsiders(Api api, String scope, String user, String org) {
        Target target = annsProject(api, scope);
        stored.unchangedBy(user + "/" + org + "'s requests on ann's " + scope + " project", () -> {
            operations(api, user, org, target).forEach((name, call) -> {
                int expected = name.equals("save onto its id") ? 409 : 404;
                call.apply(caller(user, org)).then().statusCode(expected)
                        .body("status", equalTo(expected == 409 ? "conflict" : "error"))
                        .body("data", nullValue());
            });
            Projects outsider = Projects.of(api, user, org, WS);
            outsider.request().queryParam("scopes", "user,organization").get(outsider.path("list"))
                    .then().statusCode(200).body("data.id", not(hasItem(target.id())));
            for (String exportScope : List.of("user", "organization")) {
                outsider.request().body(Map.of("scope", exportScope)).post(outsider.path("export-workspace"))
                        .then().statusCode(200).body("data.projects.keySet()", not(hasItem(target.id())));
            }
        });
    }

    static Stream<Arguments> insiders() {
        List<Arguments> cases = new ArrayList<>();
        for (Api api : Api.values()) {
            cases.add(Arguments.of(api, "user", "ann"));
            cases.add(Arguments.of(api, "organization", "ann"));
            cases.add(Arguments.of(api, "organization", "bob"));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {2} on ann's {1}-scope project")
    @MethodSource("insiders")
    void everyOperationIsAllowedToThoseWhoMay(Api api, String scope, String user) {
        Target target = annsProject(api, scope);
        Projects insider = Projects.of(api, user, "acme", WS);
        var operations = operations(api, user, "acme", target);
        var cleanup = operations.remove("cleanup");
        operations.forEach((name, call) -> call.apply(caller(user, "acme")).then().statusCode(200)
                .body("status", equalTo("success")));
        insider.request().queryParam("scopes", scope).get(insider.path("list"))
                .then().statusCode(200).body("data.id", hasItem(target.id()));
        insider.request().body(Map.of("scope", scope)).post(insider.path("export-workspace"))
                .then().statusCode(200).body("data.projects.keySet()", hasItem(target.id()));
        cleanup.apply(caller(user, "acme")).then().statusCode(200).body("data.deleted_count", equalTo(1));
        insider.request().queryParam("project_id", target.id()).queryParam("scope", scope).get(insider.path("load"))
                .then().statusCode(404);
    }

    /** The claim names clients send besides upn/organization/groups name the same callers. */
    @Test
    void alternativeClaimNamesIdentifyTheSameCallers() {
        Target mine = annsProject(Api.SELF_HOSTED_SEED, "user");
        Target shared = annsProject(Api.SELF_HOSTED_SEED, "organization");
        Map<String, Map<String, Object>> asAnn = Map.of(
                "preferred_username + org + role", Map.of("preferred_username", "ann", "org", "acme", "role", "user"),
                "sub + organization", Map.of("sub", "ann", "organization", "acme"),
                "sub + org + role list", Map.of("sub", "ann", "org", "acme", "role", List.of("analyst", "user")));
        asAnn.forEach((what, claims) -> {
            String token = Tokens.withClaims(claims);
            for (String path : List.of(Api.SELF_HOSTED_SEED.path("ann", "acme", WS, "load"),
                    Api.HOSTED_SEED.path("ann", "acme", WS, "load"))) {
                withToken(token).queryParam("project_id", mine.id()).get(path).then().statusCode(200)
                        .body("data.author", equalTo("ann"));
            }
        });
        String bobAdmin = Tokens.withClaims(Map.of("sub", "bob", "org", "acme", "role", List.of("admin")));
        withToken(bobAdmin).queryParam("project_id", mine.id()).get(Api.SELF_HOSTED_SEED.path("bob", "acme", WS,
                "load")).then().statusCode(404);
        withToken(bobAdmin).queryParam("project_id", shared.id()).queryParam("scope", "organization")
                .get(Api.HOSTED_SEED.path("bob", "acme", WS, "load")).then().statusCode(200);
        String annElsewhere = Tokens.withClaims(Map.of("preferred_username", "ann", "org", "other"));
        withToken(annElsewhere).queryParam("project_id", mine.id()).get(Api.SELF_HOSTED_SEED.path("ann", "other", WS,
                "load")).then().statusCode(404);
        // upn wins over preferred_username, organization over org
        String both = Tokens.withClaims(Map.of("upn", "ann", "preferred_username", "bob", "organization", "acme",
                "org", "other"));
        withToken(both).queryParam("project_id", mine.id()).get(Api.HOSTED_SEED.path("ann", "acme", WS, "load"))
                .then().statusCode(200);
        String nobody = Tokens.withClaims(Map.of("org", "acme", "role", "user"));
        stored.unchangedBy("a save with a token that names no user", () -> withToken(nobody)
                .body(Map.of("project", Map.of("name", "x"))).post(Api.SELF_HOSTED_SEED.path("x", "acme", WS, "save"))
                .then().statusCode(401).body("data", nullValue()));
    }

    @Test
    void hostedPrefixMustMatchTheToken() {
        Target mine = annsProject(Api.SELF_HOSTED_SEED, "user");
        stored.unchangedBy("requests whose hosted prefix names someone else", () -> {
            for (String path : new String[] {"/jarvispy/other/ann/api/v1/projects/" + WS + "/load",
                    "/jarvispy/acme/bob/api/v1/projects/load"}) {
                Api.as("ann", "acme").queryParam("project_id", mine.id()).get(path)
                        .then().statusCode(403).body("status", equalTo("error")).body("data", nullValue());
            }
            Api.as("ann", "acme").body(Map.of("project", Map.of("name", "x")))
                    .post("/jarvispy/acme/bob/api/v1/projects/" + WS + "/save").then().statusCode(403);
        });
    }

    private static Target annsProject(Api api, String scope) {
        Projects ann = Projects.of(api, "ann", "acme", WS);
        String id = ann.save(Map.of("name", "Ann's " + scope, "scope", scope));
        String snapshot = ann.request().body(Map.of("project_id", id, "scope", scope))
                .post(ann.path("snapshots/create")).then().statusCode(200).extract().path("data.snapshot_id");
        return new Target(id, snapshot, scope);
    }

    /** Every operation on one project, as {@code user} of {@code org} would send it through {@code api}. */
    private static Map<String, Function<io.restassured.specification.RequestSpecification, Response>> operations(
            Api api, String user, String org, Target t) {
        String scope = t.scope();
        String otherWorkspace = (api.hosted() ? Api.HOSTED_SEED
                : Api.SELF_HOSTED_SEED).path(user, org, "authz-elsewhere", "copy");
        Map<String, Function<io.restassured.specification.RequestSpecification, Response>> ops = new LinkedHashMap<>();
        ops.put("load", r -> r.queryParam("project_id", t.id()).queryParam("scope", scope)
                .get(api.path(user, org, WS, "load")));
        ops.put("load an earlier version", r -> r.queryParam("project_id", t.id()).queryParam("scope", scope)
                .queryParam("version", 1).get(api.path(user, org, WS, "load")));
        ops.put("load as of now", r -> r.queryParam("project_id", t.id()).queryParam("scope", scope)
                .queryParam("as_of", OffsetDateTime.now().plusSeconds(5).toString())
                .get(api.path(user, org, WS, "load")));
        ops.put("history", r -> r.queryParam("project_id", t.id()).queryParam("scope", scope)
                .get(api.path(user, org, WS, "history")));
        ops.put("export", r -> r.body(Map.of("project_id", t.id(), "scope", scope))
                .post(api.path(user, org, WS, "export-project")));
        ops.put("copy", r -> r.body(Map.of("project_id", t.id(), "scope", scope))
                .post(api.path(user, org, WS, "copy")));
        ops.put("copy into another workspace", r -> r.body(Map.of("project_id", t.id(), "scope", scope,
                "workspace_id", api.workspace(WS), "target_scope", "user")).post(otherWorkspace));
        ops.put("snapshot list", r -> r.queryParam("project_id", t.id()).queryParam("scope", scope)
                .get(api.path(user, org, WS, "snapshots/list")));
        ops.put("snapshot create", r -> r.body(Map.of("project_id", t.id(), "scope", scope))
                .post(api.path(user, org, WS, "snapshots/create")));
        ops.put("snapshot restore", r -> r.body(Map.of("project_id", t.id(), "scope", scope,
                "snapshot_id", t.snapshot())).post(api.path(user, org, WS, "snapshots/restore")));
        ops.put("snapshot delete", r -> r.body(Map.of("project_id", t.id(), "scope", scope,
                "snapshot_id", t.snapshot())).post(api.path(user, org, WS, "snapshots/delete")));
        ops.put("save onto its id", r -> r.body(Map.of("project", Map.of("id", t.id(), "name", "by " + user,
                "scope", scope))).post(api.path(user, org, WS, "save")));
        ops.put("cleanup", r -> r.body(Map.of("project", Map.of("id", t.id(), "scope", scope)))
                .post(api.path(user, org, WS, "cleanup")));
        return ops;
    }

    private static io.restassured.specification.RequestSpecification caller(String user, String org) {
        return Api.as(user, org);
    }

    private static io.restassured.specification.RequestSpecification withToken(String token) {
        return RestAssured.given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }
}
