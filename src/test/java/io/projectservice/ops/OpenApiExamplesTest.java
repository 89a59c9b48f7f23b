package io.projectservice.ops;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.projectservice.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The examples of /q/openapi are requests the service accepts: each request example (and the
 * parameter examples of each GET) is sent as it is, and must answer a documented success whose
 * body matches the documented schema. So neither the examples nor the success schemas can drift
 * from the code. Header examples (Idempotency-Key, If-Match) are not sent: one key for
 * different bodies is a 422 by design.
 */
@QuarkusTest
class OpenApiExamplesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASE = "/api/v1/projects/{workspace_id}/";
    /** The order matters: the save examples create the project the later examples name. */
    private static final List<String> RUN = List.of("post save", "get load", "get list", "get history", "post copy",
            "post snapshots/create", "get snapshots/list", "post export-project", "post import-project",
            "get list-templates", "post import-template", "post export-workspace", "post import-workspace",
            "post create-from-context", "post share", "get share/list", "get share/inbox", "post share/sync",
            "post cleanup");
    /** Their examples name a snapshot, job or share that exists only where the example was taken. */
    private static final Set<String> NOT_RUN = Set.of("post snapshots/restore", "post snapshots/delete",
            "get create-from-context/jobs/{job_id}", "post share/revoke", "post share/update-role",
            "post share/accept", "post share/leave",
            // needs the operator role, which no example token has: OperatorPipeline in ConsoleAuthorizationTest
            "get /api/v1/operator/pipeline");

    private OpenApiDoc doc;

    @BeforeEach
    void readTheDocument() {
        doc = OpenApiDoc.served();
    }

    @Test
    void theExamplesAreAnsweredAsDocumented() throws Exception {
        Set<String> all = new TreeSet<>();
        doc.operations().forEach(op -> all.add(op.method() + " " + (op.path().startsWith(BASE) ? op.path().substring(BASE.length()) : op.path())));
        Set<String> covered = new TreeSet<>(RUN);
        covered.addAll(NOT_RUN);
        assertEquals(all, covered, "every operation is either run from its examples or listed in NOT_RUN");

        List<String> problems = new ArrayList<>();
        int sent = 0;
        for (String entry : RUN) {
            String[] parts = entry.split(" ");
            var op = doc.operation(parts[0], BASE + parts[1]);
            String url = url(op);
            if (op.method().equals("get")) {
                sent++;
                check(op, "parameter examples", request(op).get(url), problems);
                continue;
            }
            var content = doc.resolve(op.node().path("requestBody")).path("content");
            for (var media : (Iterable<Map.Entry<String, JsonNode>>) content::fields) {
                for (var example : doc.examples(media.getValue()).entrySet()) {
                    sent++;
                    Response response = body(request(op), media.getKey(), example.getValue()).post(url);
                    check(op, media.getKey() + " example " + example.getKey(), response, problems);
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(sent >= 20, "only " + sent + " examples sent");
    }

    /** A documented 2xx, with a body that matches that response's schema. */
    private void check(OpenApiDoc.Operation op, String what, Response response, List<String> problems) {
        String where = op.name() + " with its " + what;
        String status = String.valueOf(response.statusCode());
        JsonNode documented = op.node().path("responses").path(status);
        if (!status.startsWith("2") || documented.isMissingNode()) {
            problems.add(where + ": answered " + status + " " + response.asString());
            return;
        }
        try {
            JsonNode body = JSON.readTree(response.asString());
            JsonNode schema = doc.resolve(documented).path("content").path(MediaType.APPLICATION_JSON).path("schema");
            doc.validate(schema, body).forEach(m -> problems.add(where + ": the " + status + " body does not match"
                    + " its schema: " + m + " in " + abbreviate(body.toString())));
        } catch (Exception e) {
            problems.add(where + ": unreadable body " + response.asString());
        }
    }

    private RequestSpecification request(OpenApiDoc.Operation op) {
        RequestSpecification spec = given().header("Authorization", Tokens.bearer("alice", "acme"));
        doc.parameters(op).forEach((key, p) -> {
            if (p.path("in").asText().equals("query") && p.has("example")) {
                spec.queryParam(p.path("name").asText(), text(p.get("example")));
            }
        });
        return spec;
    }

    /** The path with each path parameter replaced by its example. */
    private String url(OpenApiDoc.Operation op) {
        String url = op.path();
        for (JsonNode p : doc.parameters(op).values()) {
            if (p.path("in").asText().equals("path")) {
                assertTrue(p.has("example"), op.name() + ": path parameter " + p.path("name") + " has no example");
                url = url.replace("{" + p.path("name").asText() + "}", text(p.get("example")));
            }
        }
        return url;
    }

    private static RequestSpecification body(RequestSpecification spec, String mediaType, JsonNode example) {
        switch (mediaType) {
            case MediaType.APPLICATION_JSON -> spec.contentType(mediaType).body(example.toString());
            case MediaType.MULTIPART_FORM_DATA -> example.fields()
                    .forEachRemaining(f -> spec.multiPart(f.getKey(), text(f.getValue())));
            case MediaType.APPLICATION_FORM_URLENCODED -> {
                spec.contentType(mediaType + "; charset=UTF-8");
                example.fields().forEachRemaining(f -> spec.formParam(f.getKey(), text(f.getValue())));
            }
            default -> throw new AssertionError("no way to send " + mediaType);
        }
        return spec;
    }

    private static String text(JsonNode value) {
        return value.isTextual() ? value.asText() : value.toString();
    }

    private static String abbreviate(String s) {
        return s.length() > 600 ? s.substring(0, 600) + "..." : s;
    }
}
