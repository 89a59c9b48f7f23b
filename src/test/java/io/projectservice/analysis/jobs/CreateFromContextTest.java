package io.projectservice.analysis.jobs;

import io.projectservice.analysis.SampleFiles;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.projectservice.support.Api;
import io.projectservice.support.Await;
import io.projectservice.support.EventLog;
import io.projectservice.support.StoredRows;
import io.projectservice.support.OpenAiStub;
import io.projectservice.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** create-from-context through HTTP, Kafka, the worker and the log, with the LLM stubbed. */
@QuarkusTest
class CreateFromContextTest {
    private static final String WS = "cfc";
    private static final String PATH = "/api/v1/projects/" + WS + "/create-from-context";
    private static final String CONTEXT = "A bakery sells cakes to customers. Each customer places orders."
            + " Orders contain cakes.";

    @Inject
    EventLog log;

    @Inject
    StoredRows stored;

    @Inject
    AnalysisJobs jobs;

    @Inject
    AnalysisWorker worker;

    @Inject
    Pool pool;

    @ConfigProperty(name = OpenAiStub.PORT_PROPERTY)
    int stubPort;

    WireMock stub;

    @BeforeEach
    void stubAnswersNothing() {
        stub = new WireMock("localhost", stubPort);
        stub.resetMappings();
    }

    @Test
    void urlencodedContextWithoutFilesCreatesAProject() {
        var created = asAnn().contentType("application/x-www-form-urlencoded")
                .formParam("context", CONTEXT).formParam("scope", "user")
                .formParam("concept_names", "[\"Cake\", \"Customer\"]")
                .post(PATH).then().statusCode(200)
                .body("status", equalTo("success"))
                .body("message", matchesPattern("Project '.+' created successfully from context, 0 table\\(s\\),"
                        + " and 0 file\\(s\\)"))
                .body("data.project_id", matchesPattern("[0-9a-f]{11}"))
                .body("data.name", not(emptyOrNullString()))
                .body("data.tables", hasSize(0))
                .body("data.analysis.engine", equalTo("offline"))
                .body("data.analysis.reason", startsWith("LLM call failed"))
                .body("data.analysis.job_id", notNullValue())
                .extract();
        String id = created.path("data.project_id");
        List<Map<String, Object>> nodes = created.path("data.nodes");
        assertTrue(nodes.stream().anyMatch(n -> "Cake".equalsIgnoreCase(String.valueOf(n.get("label")))),
                "requested concepts become nodes: " + nodes);
        assertEquals(List.of("ProjectCreated", "ContextAnalyzed"), log.types(id));

        asAnn().queryParam("project_id", id).get("/api/v1/projects/" + WS + "/load").then().statusCode(200)
                .body("data.ontology.nodes", hasSize(nodes.size()))
                .body("data.concepts.name", equalTo(List.of("Cake", "Customer")))
                .body("data.origin.source", equalTo("create-from-context"));
        asAnn().get("/api/v1/projects/" + WS + "/list").then().statusCode(200)
                .body("data.id", org.hamcrest.Matchers.hasItem(id));
    }

    @Test
    void filesOfEveryKindAreExtractedAndBadOnesReportedPerFile() {
        byte[] csv = ("order_id,customer_id,total,paid,ordered_on,note\n"
                + "1,7,12.50,true,2026-01-03,first\n2,9,3,false,2026-02-11,\n3,7,8.25,true,2026-03-01,x\n")
                .getBytes(StandardCharsets.UTF_8);
        var response = asAnn().multiPart("context", "Orders placed by customers of a bakery.")
                .multiPart("files", "orders.csv", csv, "text/csv")
                .multiPart("files", "notes.txt", "Customers order cakes.".getBytes(StandardCharsets.UTF_8),
                        "text/plain")
                .multiPart("files", "report.pdf", SampleFiles.pdf(List.of("Quarterly cake sales report")),
                        "application/pdf")
                .multiPart("files", "broken.pdf", "%PDF-1.7 this is not really a PDF".getBytes(StandardCharsets.UTF_8),
                        "application/pdf")
                .multiPart("files", "bomb.docx", SampleFiles.docxBomb(200),
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
                .post(PATH).then().statusCode(200)
                .body("message", matchesPattern(".* 1 table\\(s\\), and 5 file\\(s\\)"))
                .body("data.tables", hasSize(1))
                .body("data.tables[0].name", equalTo("orders"))
                .body("data.tables[0].row_count", equalTo(3))
                .body("data.tables[0].columns.name", equalTo(List.of("order_id", "customer_id", "total", "paid",
                        "ordered_on", "note")))
                .body("data.tables[0].columns.type", equalTo(List.of("integer", "integer", "decimal", "boolean",
                        "date", "string")))
                .body("data.analysis.files", hasSize(5))
                .body("data.analysis.files[0].sha256", matchesPattern("[0-9a-f]{64}"))
                .body("data.analysis.files[0].error", nullValue())
                .body("data.analysis.files[2].extracted_chars", org.hamcrest.Matchers.greaterThan(10))
                .body("data.analysis.files[3].error", not(emptyOrNullString()))
                .body("data.analysis.files[4].error", not(emptyOrNullString()))
                .extract();
        List<String> nodeIds = response.path("data.nodes.id");
        assertTrue(nodeIds.contains("orders"), "the table is a node: " + nodeIds);
        // the service kept serving
        asAnn().get("/api/v1/projects/" + WS + "/list").then().statusCode(200);
    }

    @Test
    void filesThatAreAllUnusableWithoutContextAreRefusedAndCreateNoProject() {
        // the failed job stays on record, with its files (see the job endpoint); no project is made
        stored.unchangedExceptBy(Set.of("analysis_jobs", "analysis_uploads", "analysis_outbox"),
                "create-from-context with only unusable files", () -> asAnn()
                .multiPart("files", "broken.pdf", "%PDF-1.7 this is not really a PDF".getBytes(StandardCharsets.UTF_8),
                        "application/pdf")
                .multiPart("files", "bomb.docx", SampleFiles.docxBomb(200),
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
                .post(PATH).then().statusCode(422)
                .body("status", equalTo("error"))
                .body("data", nullValue())
                .body("message", matchesPattern("The analysis failed: nothing to analyze: .*broken\\.pdf: .*"
                        + "bomb\\.docx: .*zip bomb.*")));
        // the same bomb next to a usable context is a per-file error in a created project
        asAnn().multiPart("context", CONTEXT).multiPart("files", "bomb.docx", SampleFiles.docxBomb(200),
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
                .post(PATH).then().statusCode(200).body("data.analysis.files[0].error", not(emptyOrNullString()));
    }

    @Test
    void theLlmAnswerIsUsedWhenValid() {
        stub.register(post(urlPathEqualTo("/v1/chat/completions")).willReturn(okJson(OpenAiStub.completion("""
                {"name": "Bakery Orders", "description": "Cakes, customers and orders.",
                 "nodes": [{"id": "customer", "label": "Customer", "description": "Buys", "properties": {}},
                           {"id": "order", "label": "Order", "description": "A purchase", "properties": {}}],
                 "edges": [{"source": "order", "target": "customer", "label": "placed_by"}]}
                """))));
        asAnn().contentType("application/x-www-form-urlencoded").formParam("context", CONTEXT)
                .post(PATH).then().statusCode(200)
                .body("message", equalTo("Project 'Bakery Orders' created successfully from context, 0 table(s),"
                        + " and 0 file(s)"))
                .body("data.analysis.engine", equalTo("llm"))
                .body("data.analysis.model", equalTo("stub-model"))
                .body("data.edges[0].label", equalTo("placed_by"));
    }

    /**
     * A job not finished within the wait answers 202 and completes in the job endpoint. No worker
     * runs while the request waits, so the 202 does not depend on how fast this machine is.
     */
    @Test
    void anUnfinishedJobTakesThe202PathAndCompletesInTheJobEndpoint() {
        stub.register(post(urlPathEqualTo("/v1/chat/completions")).willReturn(okJson(OpenAiStub.completion(
                "{\"name\": \"Slow Bakery\", \"nodes\": [], \"edges\": []}"))));
        worker.stop();
        ExtractableResponse<Response> accepted;
        try {
            accepted = asAnn().contentType("application/x-www-form-urlencoded").formParam("context", CONTEXT)
                    .queryParam("wait", 1).post(PATH).then().statusCode(202)
                    .body("status", equalTo("success"))
                    .body("data.state", equalTo("queued"))
                    .body("data.status_url", startsWith(PATH + "/jobs/"))
                    .extract();
        } finally {
            worker.start();
        }
        String statusUrl = accepted.path("data.status_url");
        Await.until("the job succeeds", Duration.ofSeconds(30),
                () -> "succeeded".equals(asAnn().get(statusUrl).then().statusCode(200).extract().path("data.state")));
        asAnn().get(statusUrl).then().statusCode(200)
                .body("data.progress", equalTo(100))
                .body("data.result.name", equalTo("Slow Bakery"))
                .body("data.result.analysis.engine", equalTo("llm"));
        // somebody else cannot see the job
        Api.as("eve", "other").get(statusUrl.replace("/api/v1", "/jarvispy/other/eve/api/v1"))
                .then().statusCode(404).body("data", nullValue());
        Api.as("ann", "acme").get(PATH.replace("/" + WS + "/", "/") + "/jobs/" + accepted.path("data.job_id"))
                .then().statusCode(404);
    }

    @Test
    void aJobWhoseWorkerDiedIsTakenOverAndCompletes() {
        worker.stop();
        String jobId;
        try {
            jobId = asAnn().contentType("application/x-www-form-urlencoded").formParam("context", CONTEXT)
                    .queryParam("wait", 0).post(PATH).then().statusCode(202).extract().path("data.job_id");
            // a worker claims the job and dies: its lease (1 s in tests) is all that is left of it
            assertNotNull(jobs.claim(pool, jobId, Duration.ofSeconds(1), 3, "a worker that dies")
                    .await().atMost(Duration.ofSeconds(10)));
        } finally {
            worker.start();
        }
        Await.until("the job is taken over and succeeds", Duration.ofSeconds(30), () -> "succeeded".equals(
                jobs.find(pool, jobId).await().atMost(Duration.ofSeconds(10)).state()));
        var job = jobs.find(pool, jobId).await().atMost(Duration.ofSeconds(10));
        assertEquals(2, job.attempts(), "claimed by the dead worker, then by the live one");
        assertEquals(List.of("ProjectCreated", "ContextAnalyzed"), log.types(job.projectId()));
    }

    @Test
    void anIdempotencyKeyCoversFormFieldsAndFiles() {
        String key = "cfc-" + System.nanoTime();
        byte[] notes = "Customers order cakes.".getBytes(StandardCharsets.UTF_8);
        String first = asAnn().header("Idempotency-Key", key).multiPart("context", CONTEXT)
                .multiPart("files", "notes.txt", notes, "text/plain").post(PATH)
                .then().statusCode(200).extract().path("data.project_id");
        stored.unchangedBy("a replay and two refused retries of create-from-context", () -> {
            asAnn().header("Idempotency-Key", key).multiPart("context", CONTEXT)
                    .multiPart("files", "notes.txt", notes, "text/plain").post(PATH)
                    .then().statusCode(200).header("Idempotent-Replayed", "true")
                    .body("data.project_id", equalTo(first));
            asAnn().header("Idempotency-Key", key).multiPart("context", CONTEXT)
                    .multiPart("files", "notes.txt", "Something else.".getBytes(StandardCharsets.UTF_8), "text/plain")
                    .post(PATH).then().statusCode(422).body("data", nullValue());
            asAnn().header("Idempotency-Key", key).multiPart("context", "Another context entirely.")
                    .multiPart("files", "notes.txt", notes, "text/plain").post(PATH).then().statusCode(422);
        });
    }

    @Test
    void badRequestsAnswerInTheEnvelopeAndStoreNothing() {
        stored.unchangedBy("refused create-from-context requests", () -> {
            asAnn().contentType("application/x-www-form-urlencoded").formParam("scope", "user").post(PATH)
                    .then().statusCode(400).body("data", nullValue()).body("status", equalTo("error"));
            asAnn().multiPart("scope", "user").post(PATH).then().statusCode(400).body("data", nullValue());
            asAnn().contentType("application/x-www-form-urlencoded").formParam("context", "x")
                    .formParam("concept_names", "not json").post(PATH).then().statusCode(400);
            asAnn().contentType("application/x-www-form-urlencoded").formParam("context", "x")
                    .formParam("scope", "everyone").post(PATH).then().statusCode(400);
            var tooMany = asAnn().multiPart("context", "x");
            for (int i = 0; i < 21; i++) {
                tooMany.multiPart("files", "f" + i + ".txt", "x".getBytes(StandardCharsets.UTF_8), "text/plain");
            }
            tooMany.post(PATH).then().statusCode(413).body("data", nullValue())
                    .body("message", equalTo("21 files sent; the limit is 20"));
            asAnn().contentType("application/x-www-form-urlencoded").formParam("context", "c".repeat(2_097_153))
                    .post(PATH).then().statusCode(413);
            RestAssured.given().contentType("application/x-www-form-urlencoded").formParam("context", "x").post(PATH)
                    .then().statusCode(401).body("data", nullValue());
        });
    }

    private static io.restassured.specification.RequestSpecification asAnn() {
        return RestAssured.given().header("Authorization", Tokens.bearer("ann", "acme"));
    }
}
