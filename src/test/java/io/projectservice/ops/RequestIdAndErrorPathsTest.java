package io.projectservice.ops;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.projectservice.support.Api;
import io.projectservice.support.EventLog;
import io.projectservice.support.Projects;
import io.projectservice.support.StoredRows;
import io.projectservice.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code X-Request-Id} on every answer (the client's when sane, a new one otherwise, errors
 * included, and recorded with the events it caused); the 406, 409 and 500 paths; and every error
 * body of the documented statuses matching its schema in the served OpenAPI document.
 */
@QuarkusTest
class RequestIdAndErrorPathsTest {
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WS = "errors-ws";
    /** Statuses any operation may answer (Accept it cannot serve, a failure of its own). */
    private static final java.util.Set<Integer> ANY_OPERATION = java.util.Set.of(406, 500);
    private static final Projects ANN = Projects.of("ann", "acme", WS);

    @Inject
    EventLog log;

    @Inject
    StoredRows stored;

    @Test
    void theRequestIdIsEchoedOrMadeOnEveryAnswerAndRecordedWithTheEvents() {
        String id = ANN.request().header("X-Request-Id", "client-req.1:a_b").body(Map.of("project",
                Map.of("name", "Traced"))).post(ANN.path("save")).then().statusCode(200)
                .header("X-Request-Id", "client-req.1:a_b").extract().path("data.project_id");
        assertEquals("client-req.1:a_b", log.rows("SELECT metadata->>'request_id' FROM project_events"
                + " WHERE stream_id = $1", id).get(0).getString(0), "the events carry the request id");

        Map<String, Function<RequestSpecification, Response>> answers = Map.of(
                "200", r -> r.header("Authorization", Tokens.bearer("ann", "acme")).queryParam("project_id", id)
                        .get(ANN.path("load")),
                "400", r -> r.header("Authorization", Tokens.bearer("ann", "acme")).contentType(ContentType.JSON)
                        .body("{").post(ANN.path("save")),
                "401", r -> r.get(ANN.path("list")),
                "404", r -> r.header("Authorization", Tokens.bearer("ann", "acme")).queryParam("project_id", "nope")
                        .get(ANN.path("load")),
                "405", r -> r.header("Authorization", Tokens.bearer("ann", "acme")).get(ANN.path("save")));
        answers.forEach((status, call) -> assertEquals("sent-" + status, call.apply(given()
                .header("X-Request-Id", "sent-" + status)).then().statusCode(Integer.parseInt(status))
                .extract().header("X-Request-Id"), status + ": the sent id echoed"));
        List<String> made = new ArrayList<>();
        answers.forEach((status, call) -> made.add(call.apply(given()).then().statusCode(Integer.parseInt(status))
                .extract().header("X-Request-Id")));
        for (String generated : made) {
            assertTrue(generated != null && UUID.matcher(generated).matches(), "a new id when none was sent: "
                    + generated);
        }
        assertEquals(made.size(), made.stream().distinct().count(), "each answer its own id");
        for (String insane : List.of("has spaces", "x".repeat(101), "semi;colon", "")) {
            String answered = ANN.request().header("X-Request-Id", insane).queryParam("project_id", id)
                    .get(ANN.path("load")).then().statusCode(200).extract().header("X-Request-Id");
            assertTrue(UUID.matcher(answered).matches(), "'" + insane + "' replaced by a new id: " + answered);
        }
    }

    @Test
    void notAcceptableConflictAndUnexpectedErrorsAnswerInTheEnvelope() throws Exception {
        String id = ANN.create("Errors");
        ANN.update(id, Map.of("description", "two"));
        List<String> problems = new ArrayList<>();
        OpenApiDoc doc = OpenApiDoc.served();

        stored.unchangedBy("406, 409 and 404 answers", () -> {
            check(doc, "get", "load", 406, ANN.request().accept(ContentType.XML).queryParam("project_id", id)
                    .get(ANN.path("load")), problems);
            check(doc, "post", "save", 406, ANN.request().accept("text/csv")
                    .body(Map.of("project", Map.of("name", "x"))).post(ANN.path("save")), problems);
            check(doc, "post", "save", 409, ANN.request().header("If-Match", "\"1\"")
                    .body(Map.of("project", Map.of("id", id, "name", "stale"))).post(ANN.path("save")), problems);
            check(doc, "post", "save", 409, Api.as("bob", "acme").body(Map.of("project", Map.of("id", id,
                    "name", "not his"))).post(Api.SELF_HOSTED_SEED.path("bob", "acme", WS, "save")), problems);
            check(doc, "post", "copy", 404, ANN.request().body(Map.of("project_id", "nope")).post(ANN.path("copy")),
                    problems);
            check(doc, "post", "import-project", 422, ANN.request().body(Map.of("export_data", Map.of("tables",
                    Map.of()))).post(ANN.path("import-project")), problems);
            check(doc, "get", "history", 400, ANN.request().queryParam("project_id", id).queryParam("limit", 0)
                    .get(ANN.path("history")), problems);
            check(doc, "post", "save", 401, given().contentType(ContentType.JSON).body("{}").post(ANN.path("save")),
                    problems);
            check(doc, "post", "save", 403, Api.as("ann", "acme").body(Map.of("project", Map.of("name", "x")))
                    .post(Api.HOSTED_SEED.path("bob", "acme", WS, "save")), problems);
            check(doc, "post", "save", 415, ANN.request().contentType(ContentType.TEXT).body("x")
                    .post(ANN.path("save")), problems);
        });

        // a state the service cannot read back (a damaged state snapshot): 500, nothing leaks
        for (int v = 3; v <= 5; v++) {
            ANN.update(id, Map.of("description", "v" + v));
        }
        log.rows("UPDATE project_state_snapshots SET state = '\"damaged\"'::jsonb WHERE stream_id = $1"
                + " RETURNING version", id);
        try {
            Response broken = ANN.request().header("X-Request-Id", "trace-500").queryParam("project_id", id)
                    .get(ANN.path("load"));
            check(doc, "get", "load", 500, broken, problems);
            assertEquals("trace-500", broken.header("X-Request-Id"));
            assertEquals("Unexpected error; the request id in X-Request-Id helps the operators",
                    broken.jsonPath().getString("message"));
        } finally {
            log.rows("DELETE FROM project_state_snapshots WHERE stream_id = $1 RETURNING version", id);
        }
        ANN.request().queryParam("project_id", id).get(ANN.path("load")).then().statusCode(200);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** The status, the envelope, and the body against the schema the document gives that status. */
    private static void check(OpenApiDoc doc, String method, String action, int status, Response response,
            List<String> problems) {
        String where = method.toUpperCase() + " " + action + " " + status;
        if (response.statusCode() != status) {
            problems.add(where + ": answered " + response.statusCode() + " " + response.asString());
            return;
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.asString());
        } catch (Exception e) {
            problems.add(where + ": not JSON: " + response.asString());
            return;
        }
        if (!body.path("data").isNull() || !body.path("message").isTextual()
                || !body.path("status").asText().equals(status == 409 ? "conflict" : "error")) {
            problems.add(where + ": not the error envelope: " + body);
        }
        if (response.header("X-Request-Id") == null) {
            problems.add(where + ": no X-Request-Id");
        }
        JsonNode documented = doc.operation(method, "/api/v1/projects/{workspace_id}/" + action).node()
                .path("responses").path(String.valueOf(status));
        JsonNode schema;
        if (documented.isMissingNode() && ANY_OPERATION.contains(status)) {
            // the document lists these for no operation: the error envelope is what they must be
            schema = doc.root.at("/components/schemas/Error");
        } else if (documented.isMissingNode()) {
            problems.add(where + ": the status is not documented for the operation");
            return;
        } else {
            schema = doc.resolve(documented).path("content").path("application/json").path("schema");
        }
        if (schema.isMissingNode()) {
            problems.add(where + ": the documented response has no JSON schema");
            return;
        }
        doc.validate(schema, body).forEach(m -> problems.add(where + ": " + m + " in " + body));
    }
}
