package io.projectservice.analysis.llm;

import io.projectservice.analysis.tables.TableInference;
import io.projectservice.analysis.TableInfo;
import io.projectservice.analysis.ExtractedFile;
import io.projectservice.analysis.AnalysisResult;
import io.projectservice.analysis.jobs.ContextAnalyzer;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.projectservice.support.Await;
import io.projectservice.support.Metrics;
import io.projectservice.support.OpenAiStub;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The LLM path through the real langchain4j OpenAI client against a WireMock stub of
 * {@code /v1/chat/completions}: a good answer is used; a malformed or invalid one, a server
 * error after its retries, and a slow answer all end in the offline analyzer with the reason.
 */
@QuarkusTest
class LlmAnalysisTest {
    private static final String COMPLETIONS = "/v1/chat/completions";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTEXT = "A bakery sells cakes to customers. Each customer places orders.";

    @Inject
    ContextAnalyzer analyzer;

    @ConfigProperty(name = OpenAiStub.PORT_PROPERTY)
    int stubPort;

    private static boolean warm;
    private WireMock stub;

    @BeforeEach
    void resetStub() throws Exception {
        stub = new WireMock("localhost", stubPort);
        if (!warm) {
            // the first calls through the REST client pay for its start-up (seconds on a busy
            // machine, more than the test profile's 3 s timeout): warm it until it answers in
            // time, so the timeouts below measure the stub and nothing else
            answer(okJson(OpenAiStub.completion("{\"name\": \"warm-up\", \"nodes\": [], \"edges\": []}")));
            Await.until("the LLM client answers within its timeout", Duration.ofSeconds(120),
                    () -> AnalysisResult.LLM.equals(analyzer.analyze("warm-up", List.of(), List.of()).engine()));
            warm = true;
        }
        stub.resetMappings();
        stub.resetRequests();
    }

    @Test
    void goodAnswerIsUsed() throws Exception {
        answer(okJson(OpenAiStub.completion("""
                {"name": "Bakery Orders", "description": "Cakes, customers and their orders.",
                 "nodes": [
                   {"id": "customers", "label": "Customer", "description": "People who buy.",
                    "properties": {"id": "integer", "name": "string"}},
                   {"id": "orders", "label": "Order", "description": "A purchase.", "properties": {}}],
                 "edges": [{"source": "orders", "target": "customers", "label": "customer_id"},
                           {"source": "orders", "target": "nowhere", "label": "dropped"}]}
                """)));

        AnalysisResult result = analyzer.analyze(CONTEXT, List.of("Cake"), List.of(ordersCsv()));

        assertEquals(AnalysisResult.LLM, result.engine());
        assertEquals("stub-model", result.model());
        assertEquals(LlmAnalyzer.ANSWERED, result.reason());
        assertEquals("Bakery Orders", result.name());
        assertEquals("Cakes, customers and their orders.", result.description());
        assertEquals(List.of("customers", "orders"), result.nodes().stream().map(AnalysisResult.Node::id).toList());
        assertEquals(Map.of("id", "integer", "name", "string"), result.nodes().get(0).properties());
        assertEquals(List.of(new AnalysisResult.Edge("orders", "customers", "customer_id")), result.edges());

        stub.verifyThat(1, postRequestedFor(urlPathEqualTo(COMPLETIONS))
                .withHeader("Authorization", equalTo("Bearer test-key"))
                .withRequestBody(containing("stub-model"))
                .withRequestBody(containing("A bakery sells cakes to customers."))
                .withRequestBody(containing("Concept names the user wants as nodes: Cake"))
                .withRequestBody(containing("customer_id integer"))
                // the offline analysis as a draft: the table node with its columns, a relation read from the text
                .withRequestBody(containing("Draft made without an LLM"))
                .withRequestBody(containing("orders (Orders) [id integer, customer_id integer, total decimal]"))
                .withRequestBody(containing("customer -places-> orders")));
    }

    /** The answer is held to the offline rules: verb and adjective nodes go, with every edge touching them. */
    @Test
    void verbNodesInTheAnswerAreDropped() {
        answer(okJson(OpenAiStub.completion("""
                {"name": "Bakery", "description": "Cakes and customers.",
                 "nodes": [{"id": "customer", "label": "Customer"}, {"id": "cake", "label": "Cake"},
                           {"id": "sell", "label": "Sells"}, {"id": "analyze", "label": "Analyze"},
                           {"id": "fresh", "label": "Fresh"}],
                 "edges": [{"source": "customer", "target": "cake", "label": "buys"},
                           {"source": "analyze", "target": "customer", "label": "of"},
                           {"source": "cake", "target": "fresh", "label": "is"}]}
                """)));

        AnalysisResult result = analyzer.analyze(CONTEXT, List.of(), List.of());

        assertEquals(AnalysisResult.LLM, result.engine());
        assertEquals(List.of("customer", "cake"), result.nodes().stream().map(AnalysisResult.Node::id).toList());
        assertEquals(List.of(new AnalysisResult.Edge("customer", "cake", "buys")), result.edges());
    }

    @Test
    void malformedJsonFallsBackWithoutRetrying() {
        answer(okJson(OpenAiStub.completion("Sure! Here is your ontology: {\"name\": \"Bakery\", \"nodes\": [")));

        AnalysisResult result = analyzer.analyze(CONTEXT, List.of(), List.of());

        assertOffline(result, "LLM answered invalid output: the answer is not JSON of the expected shape");
        assertEquals("Customers and bakeries", result.name());
        stub.verifyThat(1, postRequestedFor(urlPathEqualTo(COMPLETIONS)));
    }

    @Test
    void invalidAnalysisFallsBack() {
        answer(okJson(OpenAiStub.completion("""
                {"name": "Bakery", "description": "d", "nodes": [{"id": "cake", "label": "Cake"},
                 {"id": "cake", "label": "Another cake"}], "edges": []}
                """)));

        assertOffline(analyzer.analyze(CONTEXT, List.of(), List.of()),
                "LLM answered invalid output: two nodes have the id 'cake'");
        stub.verifyThat(1, postRequestedFor(urlPathEqualTo(COMPLETIONS)));
    }

    @Test
    void serverErrorFallsBackAfterBoundedRetries() {
        answer(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                .withBody("{\"error\": {\"message\": \"boom\", \"type\": \"server_error\"}}"));

        assertOffline(analyzer.analyze(CONTEXT, List.of(), List.of()), "LLM call failed: HTTP 500");
        // one call and two retries
        stub.verifyThat(3, postRequestedFor(urlPathEqualTo(COMPLETIONS)));
    }

    @Test
    void rejectedRequestIsNotRetried() {
        answer(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"error\": {\"message\": \"bad key\", \"type\": \"invalid_request_error\"}}"));

        assertOffline(analyzer.analyze(CONTEXT, List.of(), List.of()), "LLM call failed: HTTP 401");
        stub.verifyThat(1, postRequestedFor(urlPathEqualTo(COMPLETIONS)));
    }

    @Test
    void slowAnswerTimesOut() throws Exception {
        // far beyond the test profile's 8 s timeout; the stub answers on its own schedule
        answer(okJson(OpenAiStub.completion("{\"name\": \"Too late\", \"nodes\": [], \"edges\": []}")).withFixedDelay(20_000));

        assertOffline(analyzer.analyze(CONTEXT, List.of(), List.of()), "LLM call timed out");
        stub.verifyThat(1, postRequestedFor(urlPathEqualTo(COMPLETIONS)));
    }

    @Test
    void callsAndFailuresAreInTheMetrics() throws Exception {
        String ok = "langchain4j_aiservices_counted_total{aiservice=\"ProjectAnalyst\",exception=\"none\","
                + "method=\"analyze\",result=\"success\"}";
        String failed = "langchain4j_aiservices_counted_total{aiservice=\"ProjectAnalyst\",exception=\"HttpException\","
                + "method=\"analyze\",result=\"failure\"}";
        String fellBack = "ft_invocations_total{fallback=\"applied\",method=\"" + LlmAnalyzer.class.getName()
                + ".analyze\",result=\"valueReturned\"}";
        double okBefore = Metrics.value(ok);
        double failedBefore = Metrics.value(failed);
        double fellBackBefore = Metrics.value(fellBack);

        answer(okJson(OpenAiStub.completion("{\"name\": \"Counted\", \"nodes\": [], \"edges\": []}")));
        assertEquals(AnalysisResult.LLM, analyzer.analyze(CONTEXT, List.of(), List.of()).engine());
        answer(aResponse().withStatus(500).withBody("{\"error\": {\"message\": \"down\"}}"));
        assertEquals(AnalysisResult.OFFLINE, analyzer.analyze(CONTEXT, List.of(), List.of()).engine());

        assertEquals(okBefore + 1, Metrics.value(ok), ok);
        assertEquals(failedBefore + 3, Metrics.value(failed), failed + " (the call and its two retries)");
        assertEquals(fellBackBefore + 1, Metrics.value(fellBack), fellBack);
    }

    private void answer(ResponseDefinitionBuilder response) {
        stub.register(post(urlPathEqualTo(COMPLETIONS)).willReturn(response));
    }

    private static void assertOffline(AnalysisResult result, String reason) {
        assertEquals(AnalysisResult.OFFLINE, result.engine());
        assertEquals(reason, result.reason());
        assertNull(result.model());
        assertTrue(!result.name().isBlank());
    }

    private static ExtractedFile ordersCsv() {
        byte[] bytes = "id,customer_id,total\n1,7,12.50\n".getBytes(StandardCharsets.UTF_8);
        TableInfo table = new TableInference().csv("orders.csv", bytes).orElseThrow();
        return new ExtractedFile("orders.csv", "text/csv", bytes.length, "x", "id\tcustomer_id\ttotal", false, null,
                List.of(table));
    }
}
