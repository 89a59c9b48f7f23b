package io.projectservice.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.projectservice.support.Tokens;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The console adds no way around the API's authorization: every request it makes (read from its
 * api.js, so a new one cannot be left out) is replayed with the token of a stranger, in the
 * owner's organization and in another, against the owner's project, snapshot, share and job, and
 * is refused (404, or 403) exactly as the API refuses it; the two requests that name nothing of
 * the owner's (the caller's own list and inbox) answer without it. The operator endpoint answers
 * only the operator role; the dev-token route exists only in dev and test builds.
 */
@QuarkusTest
class ConsoleAuthorizationTest {
    private static final String WS = "console-authz";
    private static final String BASE = "/api/v1/projects/" + WS + "/";
    private static final Pattern API_CALL = Pattern.compile("call\\('(GET|POST)', \\w+, '([^'?]+)");
    private static final Pattern OTHER_CALL = Pattern.compile("send\\('(GET|POST)', '([^']+)'");

    record Owned(String projectId, String snapshotId, String shareId, String jobId) {
    }

    @Test
    void everyRequestOfTheConsoleRefusesStrangers() throws IOException {
        String owner = Tokens.of("ann", "console-org");
        Owned owned = ownedBy(owner);
        int version = as(owner).queryParam("project_id", owned.projectId()).get(BASE + "load").then().statusCode(200)
                .extract().path("data.version");
        Map<String, Function<RequestSpecification, Response>> replays = replays(owned);
        assertEquals(consoleCalls(), new TreeSet<>(replays.keySet()), "the console's requests (left) and the"
                + " ones replayed here (right)");

        for (String stranger : List.of(Tokens.of("sam", "console-org"), Tokens.of("otto", "another-org"))) {
            for (var replay : replays.entrySet()) {
                Response r = replay.getValue().apply(as(stranger));
                String call = replay.getKey();
                switch (call) {
                    case "GET list" -> r.then().statusCode(200).body("data.id", not(hasItem(owned.projectId())));
                    case "GET share/inbox" -> r.then().statusCode(200).body("data.share_id", not(hasItem(owned.shareId())));
                    // the contract: an id held by a project the caller may not write is taken (no more is said)
                    case "POST save" -> r.then().statusCode(409).body("status", equalTo("conflict"))
                            .body("data", nullValue());
                    // a stranger's own analysis: it names nothing of the owner's and is the stranger's job
                    case "POST create-from-context" -> r.then().statusCode(202)
                            .body("data.job_id", notNullValue()).body("data.job_id", not(equalTo(owned.jobId())));
                    case "GET /console/dev-token" -> r.then().statusCode(200); // dev and test builds only: below
                    default -> {
                        assertTrue(r.statusCode() == 404 || r.statusCode() == 403, call + " as a stranger: "
                                + r.statusCode() + " " + r.asString());
                        r.then().body("status", equalTo("error")).body("data", nullValue());
                    }
                }
            }
        }
        // nothing of the owner's moved
        as(owner).queryParam("project_id", owned.projectId()).get(BASE + "load").then().statusCode(200)
                .body("data.name", equalTo("Ann's plans")).body("data.version", equalTo(version));
        as(owner).queryParam("project_id", owned.projectId()).get(BASE + "share/list").then().statusCode(200)
                .body("data[0].status", equalTo("pending"));
    }

    @Test
    void thePipelineAnswersTheOperatorRoleOnly() {
        as(Tokens.of("ann", "console-org")).get("/api/v1/operator/pipeline").then().statusCode(403)
                .body("status", equalTo("error")).body("data", nullValue())
                .body("message", equalTo("Only callers with the role 'operator' may read the pipeline's state"));
        given().get("/api/v1/operator/pipeline").then().statusCode(401);
        String operator = Jwt.upn("olga").claim("organization", "ops").groups(Set.of("user", "operator")).sign();
        as(operator).get("/api/v1/operator/pipeline").then().statusCode(200)
                .body("data.relay_lag", notNullValue())
                .body("data.projection_lag", notNullValue())
                .body("data.dead_letters", notNullValue())
                .body("data.jobs.keySet()", equalTo(Set.of("queued", "extracting", "analyzing", "succeeded", "failed")))
                .body("data.samples.size()", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
    }

    @Test
    void theConsoleIsServedWithAStrictPolicyAndItsTokenRouteOnlyInDevAndTest() {
        given().redirects().follow(false).get("/console").then().statusCode(302)
                .header("Location", containsString("/console/"));
        given().get("/console/").then().statusCode(200).contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("Content-Security-Policy", not(containsString("unsafe-inline")))
                .body(containsString("<script src=\"app.js\" defer></script>"))
                .body(not(containsString("<script>")));
        given().get("/console/app.js").then().statusCode(200)
                .header("Content-Security-Policy", containsString("default-src 'none'"));
        // the API's answers are not the console's: no policy added there
        given().get("/api/v1/operator/pipeline").then().statusCode(401).header("Content-Security-Policy", nullValue());

        IfBuildProfile profiles = DevTokenRoute.class.getAnnotation(IfBuildProfile.class);
        assertArrayEquals(new String[] { "dev", "test" }, profiles.anyOf(), "built only for dev and test");
        String token = given().queryParam("user", "tess").queryParam("organization", "console-org")
                .get("/console/dev-token").then().statusCode(200).extract().path("data.token");
        as(token).get(BASE + "list").then().statusCode(200);
        given().get("/console/dev-token").then().statusCode(400).body("message", containsString("'user'"));
    }

    private Owned ownedBy(String owner) {
        String id = as(owner).body(Map.of("project", Map.of("name", "Ann's plans"))).post(BASE + "save").then()
                .statusCode(200).extract().path("data.project_id");
        String snapshot = as(owner).body(Map.of("project_id", id, "description", "first")).post(BASE + "snapshots/create")
                .then().statusCode(200).extract().path("data.snapshot_id");
        String share = as(owner).body(Map.of("project_id", id, "share_role", "editor",
                "recipient", Map.of("username", "bea", "organization", "console-org"))).post(BASE + "share")
                .then().statusCode(200).extract().path("data.share_id");
        String job = as(owner).contentType("application/x-www-form-urlencoded").formParam("context", "Ann plans trips.")
                .post(BASE + "create-from-context?wait=0").then().statusCode(202).extract().path("data.job_id");
        return new Owned(id, snapshot, share, job);
    }

    /** Each request api.js makes, as the console makes it, aimed at what the owner has. */
    private static Map<String, Function<RequestSpecification, Response>> replays(Owned o) {
        Map<String, Function<RequestSpecification, Response>> r = new LinkedHashMap<>();
        String id = o.projectId();
        r.put("GET list", s -> s.queryParam("scopes", "user,organization,shared").get(BASE + "list"));
        r.put("GET load", s -> s.queryParam("project_id", id).queryParam("scope", "user").get(BASE + "load"));
        r.put("GET history", s -> s.queryParam("project_id", id).queryParam("scope", "user").get(BASE + "history"));
        r.put("POST save", s -> s.body(Map.of("project", Map.of("id", id, "scope", "user", "name", "mine now")))
                .post(BASE + "save"));
        r.put("GET snapshots/list", s -> s.queryParam("project_id", id).queryParam("scope", "user")
                .get(BASE + "snapshots/list"));
        r.put("POST snapshots/create", s -> s.body(Map.of("project_id", id, "scope", "user"))
                .post(BASE + "snapshots/create"));
        r.put("POST snapshots/restore", s -> s.body(Map.of("project_id", id, "scope", "user",
                "snapshot_id", o.snapshotId())).post(BASE + "snapshots/restore"));
        r.put("GET share/list", s -> s.queryParam("project_id", id).get(BASE + "share/list"));
        r.put("POST share", s -> s.body(Map.of("project_id", id, "share_role", "viewer",
                "recipient", Map.of("username", "tom", "organization", "console-org"))).post(BASE + "share"));
        r.put("POST share/revoke", s -> s.body(Map.of("share_id", o.shareId())).post(BASE + "share/revoke"));
        r.put("GET share/inbox", s -> s.get(BASE + "share/inbox"));
        r.put("POST share/accept", s -> s.body(Map.of("share_id", o.shareId())).post(BASE + "share/accept"));
        r.put("POST create-from-context", s -> s.contentType("multipart/form-data")
                .multiPart("context", "A stranger's own text.").post(BASE + "create-from-context?wait=0"));
        r.put("GET create-from-context/jobs/", s -> s.get(BASE + "create-from-context/jobs/" + o.jobId()));
        r.put("GET /api/v1/operator/pipeline", s -> s.get("/api/v1/operator/pipeline"));
        r.put("GET /console/dev-token", s -> s.queryParam("user", "sam").queryParam("organization", "console-org")
                .get("/console/dev-token"));
        return r;
    }

    /** "METHOD action" of every call(...) and "METHOD path" of every send(...) in the console's api.js. */
    private static Set<String> consoleCalls() throws IOException {
        String js;
        try (InputStream in = ConsoleAuthorizationTest.class.getResourceAsStream("/META-INF/resources/console/api.js")) {
            js = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Set<String> calls = new TreeSet<>();
        Matcher m = API_CALL.matcher(js);
        while (m.find()) {
            calls.add(m.group(1) + " " + m.group(2));
        }
        m = OTHER_CALL.matcher(js);
        while (m.find()) {
            calls.add(m.group(1) + " " + m.group(2));
        }
        return calls;
    }

    private static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }
}
