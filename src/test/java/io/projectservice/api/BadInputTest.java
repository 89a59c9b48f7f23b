package io.projectservice.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.projectservice.support.Api;
import io.projectservice.support.StoredRows;
import io.projectservice.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every bad input: the right status, the envelope with data null, a clear message, no stored row changed. */
@QuarkusTest
class BadInputTest {
    private static final String SAVE = "/api/v1/projects/ws-bad/save";
    private static final String SHARE = "/api/v1/ontologies/ws-bad/share";
    private static final String LOAD = "/api/v1/projects/ws-bad/load";

    @Inject
    StoredRows stored;

    static Stream<Arguments> cases() {
        String longName = "n".repeat(201);
        return Stream.of(
                bad("no token", 401, () -> given().contentType(ContentType.JSON).body(project("x")).post(SAVE)),
                bad("garbage token", 401, () -> withAuth("Bearer not.a.jwt").body(project("x")).post(SAVE)),
                bad("basic auth", 401, () -> withAuth("Basic YW5uOnB3").body(project("x")).post(SAVE)),
                bad("expired token", 401, () -> withAuth("Bearer " + Tokens.expired("ann", "acme"))
                        .body(project("x")).post(SAVE)),
                bad("token signed by another key", 401, () -> withAuth("Bearer "
                        + Tokens.signedByAnotherKey("ann", "acme")).body(project("x")).post(SAVE)),
                bad("alg none token", 401, () -> withAuth("Bearer " + Tokens.unsigned("ann", "acme"))
                        .body(project("x")).post(SAVE)),
                bad("malformed JSON", 400, () -> ann().body("{\"project\": {\"name\": \"x\"").post(SAVE)),
                bad("JSON list body", 400, () -> ann().body("[]").post(SAVE)),
                bad("empty body", 400, () -> ann().post(SAVE)),
                bad("project not an object", 400, () -> ann().body(Map.of("project", "x")).post(SAVE)),
                bad("name is a number", 400, () -> ann().body(Map.of("project", Map.of("name", 42))).post(SAVE)),
                bad("name missing", 400, () -> ann().body(Map.of("project", Map.of("description", "d"))).post(SAVE)),
                bad("name blank", 400, () -> ann().body(project("   ")).post(SAVE)),
                bad("name too long", 400, () -> ann().body(project(longName)).post(SAVE)),
                bad("description too long", 400, () -> ann().body(Map.of("project", Map.of("name", "x",
                        "description", "d".repeat(20_001)))).post(SAVE)),
                bad("metadata a list", 400, () -> ann().body(Map.of("project", Map.of("name", "x",
                        "metadata", List.of(1, 2)))).post(SAVE)),
                bad("metadata too large", 400, () -> ann().body(Map.of("project", Map.of("name", "x",
                        "metadata", Map.of("blob", "b".repeat(70_000))))).post(SAVE)),
                bad("NUL character in the name", 400, () -> ann().body(project("a\u0000b")).post(SAVE)),
                bad("NUL character in the description", 400, () -> ann().body(Map.of("project", Map.of("name", "x",
                        "description", "d\u0000"))).post(SAVE)),
                bad("NUL character in a metadata key", 400, () -> ann().body(Map.of("project", Map.of("name", "x",
                        "metadata", Map.of("k\u0000", "v")))).post(SAVE)),
                bad("NUL character in the context of create-from-context", 400, () -> given()
                        .header("Authorization", Tokens.bearer("ann", "acme"))
                        .contentType("application/x-www-form-urlencoded").formParam("context", "text\u0000")
                        .post("/api/v1/projects/ws-bad/create-from-context")),
                bad("unknown scope", 400, () -> ann().body(Map.of("project", Map.of("name", "x", "scope", "admin")))
                        .post(SAVE)),
                bad("id traversal", 400, () -> ann().body(Map.of("project", Map.of("id", "../../etc/passwd",
                        "name", "x"))).post(SAVE)),
                bad("id too long", 400, () -> ann().body(Map.of("project", Map.of("id", "a".repeat(65),
                        "name", "x"))).post(SAVE)),
                bad("If-Match not a version", 400, () -> ann().header("If-Match", "\"abc\"").body(project("x"))
                        .post(SAVE)),
                bad("wrong content type", 415, () -> withAuth(Tokens.bearer("ann", "acme"))
                        .contentType(ContentType.TEXT).body("name=x").post(SAVE)),
                bad("body over the limit", 413, () -> ann().body("{\"project\":{\"name\":\"x\",\"description\":\""
                        + "d".repeat(11 * 1024 * 1024) + "\"}}").post(SAVE)),
                bad("load without project_id", 400, () -> ann().get(LOAD)),
                bad("load with unknown scope", 400, () -> ann().queryParam("project_id", "abc")
                        .queryParam("scope", "world").get(LOAD)),
                bad("load with bad version", 400, () -> ann().queryParam("project_id", "abc")
                        .queryParam("version", "two").get(LOAD)),
                bad("load of an unknown project", 404, () -> ann().queryParam("project_id", "nope").get(LOAD)),
                bad("copy without project_id", 400, () -> ann().body(Map.of("new_project_name", "x"))
                        .post("/api/v1/projects/ws-bad/copy")),
                bad("copy with unknown target scope", 400, () -> ann().body(Map.of("project_id", "abc",
                        "target_scope", "galaxy")).post("/api/v1/projects/ws-bad/copy")),
                bad("export without body", 400, () -> ann().post("/api/v1/projects/ws-bad/export-project")),
                bad("import without export_data", 400, () -> ann().body(Map.of("scope", "user"))
                        .post("/api/v1/projects/ws-bad/import-project")),
                bad("import of a string", 400, () -> ann().body(Map.of("export_data", "hello"))
                        .post("/api/v1/projects/ws-bad/import-project")),
                bad("import without tables", 422, () -> ann().body(Map.of("export_data", Map.of("tables", Map.of())))
                        .post("/api/v1/projects/ws-bad/import-project")),
                bad("import of a nameless project", 422, () -> ann().body(Map.of("export_data", Map.of("tables",
                        Map.of("project", Map.of("data", List.of(Map.of("id", "p1")))))))
                        .post("/api/v1/projects/ws-bad/import-project")),
                bad("import of a 5,000-character name", 422, () -> ann().body(Map.of("export_data", bundle(Map.of(
                        "name", "n".repeat(5000))))).post("/api/v1/projects/ws-bad/import-project")),
                bad("import of 200 KB of metadata", 422, () -> ann().body(Map.of("export_data", bundle(Map.of(
                        "name", "x", "metadata", Map.of("blob", "m".repeat(200_000)))))).post(
                        "/api/v1/projects/ws-bad/import-project")),
                bad("import of a 30,000-character description", 422, () -> ann().body(Map.of("export_data",
                        bundle(Map.of("name", "x", "description", "d".repeat(30_000))))).post(
                        "/api/v1/projects/ws-bad/import-project")),
                bad("import of 100,001 rows", 422, () -> ann().body(Map.of("export_data", Map.of("tables", Map.of(
                        "project", Map.of("data", List.of(Map.of("name", "x"))),
                        "ontology_nodes", Map.of("data", java.util.Collections.nCopies(100_000, Map.of("id", "n")))))))
                        .post("/api/v1/projects/ws-bad/import-project")),
                bad("import of 201 tables", 422, () -> ann().body(Map.of("export_data", Map.of("tables",
                        manyTables(201)))).post("/api/v1/projects/ws-bad/import-project")),
                bad("import-workspace of 1,001 bundles", 422, () -> ann().body(Map.of("export_data", Map.of(
                        "projects", java.util.Collections.nCopies(1001, bundle(Map.of("name", "x"))))))
                        .post("/api/v1/projects/ws-bad/import-workspace")),
                bad("import-template under a 201-character name", 400, () -> ann().body(Map.of("template_id",
                        "builtin.customer-360", "new_project_name", "n".repeat(201)))
                        .post("/api/v1/projects/import-template")),
                bad("JSON nested 1,000 levels deep", 400, () -> ann().body("{\"project\":{\"name\":\"x\","
                        + "\"metadata\":{\"a\":" + "[".repeat(1000) + "]".repeat(1000) + "}}}").post(SAVE)),
                bad("a string of 2 Mi characters", 413, () -> ann().body("{\"project\":{\"name\":\""
                        + "n".repeat(2 * 1024 * 1024) + "\"}}").post(SAVE)),
                bad("a number of 2,000 digits", 400, () -> ann().body("{\"project\":{\"name\":\"x\","
                        + "\"metadata\":{\"n\":" + "9".repeat(2000) + "}}}").post(SAVE)),
                bad("snapshot list with a bad cursor", 400, () -> ann().queryParam("project_id", "abc")
                        .queryParam("cursor", "-1").get("/api/v1/projects/ws-bad/snapshots/list")),
                bad("list-templates with a bad cursor", 400, () -> ann().queryParam("cursor", "not-ours")
                        .get("/api/v1/projects/ws-bad/list-templates")),
                bad("export-workspace with a bad cursor", 400, () -> ann().queryParam("cursor", "%%%")
                        .body(Map.of()).post("/api/v1/projects/ws-bad/export-workspace")),
                bad("cleanup with unknown scope", 400, () -> ann().body(Map.of("project", Map.of("scope", "all")))
                        .post("/api/v1/projects/ws-bad/cleanup")),
                bad("organization scope without organization claim", 403, () -> withAuth("Bearer "
                        + io.smallrye.jwt.build.Jwt.upn("loner").sign()).contentType(ContentType.JSON)
                        .body(Map.of("project", Map.of("name", "x", "scope", "organization"))).post(SAVE)),
                bad("invalid workspace id", 400, () -> ann().body(project("x")).post("/api/v1/projects/b@d/save")),
                bad("workspace id of 5,000 characters", 400, () -> ann().get("/api/v1/projects/" + "w".repeat(5000)
                        + "/list")),
                bad("unknown endpoint", 404, () -> ann().get("/api/v1/projects/ws-bad/nothing-here")),
                bad("load with bad as_of", 400, () -> ann().queryParam("project_id", "abc")
                        .queryParam("as_of", "last tuesday").get(LOAD)),
                bad("load with version and as_of", 400, () -> ann().queryParam("project_id", "abc")
                        .queryParam("version", 1).queryParam("as_of", "2026-01-01T00:00:00Z").get(LOAD)),
                bad("history without project_id", 400, () -> ann().get("/api/v1/projects/ws-bad/history")),
                bad("history with bad cursor", 400, () -> ann().queryParam("project_id", "abc")
                        .queryParam("cursor", "zz").get("/api/v1/projects/ws-bad/history")),
                bad("history with limit 0", 400, () -> ann().queryParam("project_id", "abc")
                        .queryParam("limit", 0).get("/api/v1/projects/ws-bad/history")),
                bad("history of an unknown project", 404, () -> ann().queryParam("project_id", "nope")
                        .get("/api/v1/projects/ws-bad/history")),
                bad("snapshot of an unknown project", 404, () -> ann().body(Map.of("project_id", "nope"))
                        .post("/api/v1/projects/ws-bad/snapshots/create")),
                bad("snapshot restore without snapshot_id", 400, () -> ann().body(Map.of("project_id", "abc"))
                        .post("/api/v1/projects/ws-bad/snapshots/restore")),
                bad("snapshot list without project_id", 400, () -> ann().get("/api/v1/projects/snapshots/list")),
                bad("import-template without template_id", 400, () -> ann().body(Map.of("project_scope", "user"))
                        .post("/api/v1/projects/import-template")),
                bad("import-template with unknown scope", 400, () -> ann().body(Map.of("template_id",
                        "builtin.customer-360", "project_scope", "public")).post("/api/v1/projects/import-template")),
                bad("import-workspace without projects", 422, () -> ann().body(Map.of("export_data", Map.of("x", 1)))
                        .post("/api/v1/projects/ws-bad/import-workspace")),
                bad("export-workspace with unknown scope", 400, () -> ann().body(Map.of("scope", "everyone"))
                        .post("/api/v1/projects/ws-bad/export-workspace")),
                bad("Idempotency-Key too long", 400, () -> ann().header("Idempotency-Key", "k".repeat(300))
                        .body(project("x")).post(SAVE)),
                bad("wrong method", 405, () -> ann().get(SAVE)),
                bad("share without project_id", 400, () -> ann().body(Map.of("recipient", Map.of("sub", "s1"),
                        "share_role", "viewer")).post(SHARE)),
                bad("share with a recipient named two ways", 400, () -> ann().body(Map.of("project_id", "abc",
                        "recipient", Map.of("sub", "s1", "email", "b@x.example"), "share_role", "viewer")).post(SHARE)),
                bad("share with a recipient that is a string", 400, () -> ann().body(Map.of("project_id", "abc",
                        "recipient", "bea", "share_role", "viewer")).post(SHARE)),
                bad("share with a username but no organization", 400, () -> ann().body(Map.of("project_id", "abc",
                        "recipient", Map.of("username", "bea"), "share_role", "viewer")).post(SHARE)),
                bad("share with an email that is not one", 400, () -> ann().body(Map.of("project_id", "abc",
                        "recipient", Map.of("email", "bea"), "share_role", "viewer")).post(SHARE)),
                bad("share as owner", 400, () -> ann().body(Map.of("project_id", "abc",
                        "recipient", Map.of("sub", "s1"), "share_role", "owner")).post(SHARE)),
                bad("share expiring in 0 minutes", 400, () -> ann().body(Map.of("project_id", "abc",
                        "recipient", Map.of("sub", "s1"), "share_role", "viewer", "expires_in_minutes", 0)).post(SHARE)),
                bad("share with yourself", 400, () -> ann().body(Map.of("project_id", "abc",
                        "recipient", Map.of("username", "ann", "organization", "acme"), "share_role", "viewer"))
                        .post(SHARE)),
                bad("share of an unknown project", 404, () -> ann().body(Map.of("project_id", "nope",
                        "recipient", Map.of("sub", "s1"), "share_role", "viewer")).post(SHARE)),
                bad("revoke naming no share", 400, () -> ann().body(Map.of("project_id", "abc")).post(SHARE + "/revoke")),
                bad("revoke of a malformed share id", 400, () -> ann().body(Map.of("share_id", "../x"))
                        .post(SHARE + "/revoke")),
                bad("update-role to an unknown role", 400, () -> ann().body(Map.of("share_id",
                        "shr_00000000000000000000", "share_role", "admin")).post(SHARE + "/update-role")),
                bad("accept of an unknown share", 404, () -> ann().body(Map.of("share_id", "shr_00000000000000000000"))
                        .post(SHARE + "/accept")),
                bad("leave without share_id", 400, () -> ann().body(Map.of()).post(SHARE + "/leave")),
                bad("outbox with a bad cursor", 400, () -> ann().queryParam("cursor", "%%%").get(SHARE + "/list")),
                bad("inbox with limit 0", 400, () -> ann().queryParam("limit", 0).get(SHARE + "/inbox")),
                bad("list with an unknown scope besides shared", 400, () -> ann().queryParam("scopes", "shared,public")
                        .get("/api/v1/ontologies/list")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answersInTheEnvelopeAndWritesNothing(String name, int status, Supplier<Response> request) {
        stored.unchangedBy(name, () -> request.get().then()
                .statusCode(status)
                .contentType(ContentType.JSON)
                .body("status", equalTo(status == 409 ? "conflict" : "error"))
                .body("data", nullValue())
                .body("message", not(emptyOrNullString()))
                .body("message", not(containsString("Exception")))
                .body("message", not(containsString("at io."))));
    }

    /** A workspace import reports a bundle over save's limits as failed, and writes nothing of it. */
    @Test
    void aWorkspaceBundleOverTheLimitsFailsAloneAndWritesNothing() {
        stored.unchangedBy("import-workspace of two bundles over the limits", () -> ann()
                .body(Map.of("export_data", Map.of("projects", Map.of("p1", bundle(Map.of("name", "n".repeat(5000))),
                        "p2", bundle(Map.of("name", "x", "metadata", Map.of("blob", "m".repeat(70_000))))))))
                .post("/api/v1/projects/ws-bad/import-workspace").then().statusCode(200)
                .body("data.summary.failed", equalTo(2)).body("data.summary.imported", equalTo(0))
                .body("data.projects_failed.p1.error", containsString("name of 5000 characters; the limit is 200"))
                .body("data.projects_failed.p2.error", containsString("the limit is 65536")));
    }

    /** Every way a JSON body can be broken says so, and where, not a bare "Bad Request". */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"project\": ", "{\"project\": {\"name\": \"x\"",
            "{\"project\": {\"name\": \"x\",}}", "{project: 1}", "{\"project\": {\"name\": \"x\"}} trailing"})
    void brokenJsonIsNamedAsSuch(String body) {
        ann().body(body).post(SAVE).then().statusCode(400)
                .body("message", startsWith("Malformed JSON body"));
    }

    private static Map<String, Object> bundle(Map<String, Object> projectRow) {
        return Map.of("tables", Map.of("project", Map.of("data", List.of(projectRow))));
    }

    private static Map<String, Object> manyTables(int n) {
        Map<String, Object> tables = new java.util.HashMap<>();
        tables.put("project", Map.of("data", List.of(Map.of("name", "x"))));
        for (int i = 1; i < n; i++) {
            tables.put("extra_" + i, Map.of("data", List.of()));
        }
        return tables;
    }

    private static Arguments bad(String name, int status, Supplier<Response> request) {
        return Arguments.of(name, status, request);
    }

    private static Map<String, Object> project(String name) {
        return Map.of("project", Map.of("name", name));
    }

    private static io.restassured.specification.RequestSpecification ann() {
        return Api.as("ann", "acme");
    }

    private static io.restassured.specification.RequestSpecification withAuth(String header) {
        return given().header("Authorization", header).contentType(ContentType.JSON);
    }
}
