package io.projectservice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.projectservice.support.EventLog;
import io.projectservice.support.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Bodies are limited while they stream in, chunked or not: over the byte limit, too deep, with a
 * huge string or too many values, each is answered in the envelope and nothing is written.
 * Chunked bodies go through java.net.http (a body of unknown length is sent chunked).
 */
@QuarkusTest
class BoundedBodiesTest {
    private static final int MIB = 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @TestHTTPResource("/api/v1/projects/ws-bounded/")
    URL base;

    @Inject
    EventLog log;

    @Test
    void aChunkedBodyOverTheLimitIs413AndWritesNothing() throws Exception {
        // 11 MiB of small strings: under the string and token limits, over the byte limit
        Supplier<InputStream> body = () -> repeated("{\"project\":{\"name\":\"x\",\"metadata\":{",
                "\"k\":\"" + "v".repeat(1000) + "\",", 11 * MIB, "\"end\":1}}}");
        assertRefused(send("save", chunked(body), null), 413, "Request body too large");
    }

    @Test
    void aChunkedBombOfEmptyObjectsIs413BeforeItsTreeIsBuilt() throws Exception {
        // the body of the issue: {} costs 3 bytes of JSON and about 80 bytes of tree
        Supplier<InputStream> body = () -> repeated("{\"project\":{\"name\":\"x\",\"metadata\":{\"a\":[", "{},",
                21 * MIB, "{}]}}}");
        assertRefused(send("save", chunked(body), null), 413, "tokens");
    }

    @Test
    void theSameBombWithAContentLengthIs413Too() throws Exception {
        byte[] body = repeated("{\"project\":{\"name\":\"x\",\"metadata\":{\"a\":[", "{},", 9 * MIB, "{}]}}}")
                .readAllBytes();
        assertRefused(send("save", HttpRequest.BodyPublishers.ofByteArray(body), null), 413, "tokens");
    }

    @Test
    void deepJsonIs400WithOrWithoutALength() throws Exception {
        String deep = "{\"project\":{\"name\":\"x\",\"metadata\":{\"a\":" + "[".repeat(100_000)
                + "]".repeat(100_000) + "}}}";
        assertRefused(send("save", HttpRequest.BodyPublishers.ofString(deep), null), 400, "nested more than 200");
        assertRefused(send("save", chunked(() -> new ByteArrayInputStream(deep.getBytes(StandardCharsets.UTF_8))),
                null), 400, "nested more than 200");
    }

    @Test
    void aHugeStringIs413() throws Exception {
        String body = "{\"project\":{\"name\":\"" + "n".repeat(2 * MIB) + "\"}}";
        assertRefused(send("save", HttpRequest.BodyPublishers.ofString(body), null), 413, "string");
        assertRefused(send("import-project", chunked(() -> repeated("{\"export_data\":{\"tables\":{\"project\":"
                + "{\"data\":[{\"name\":\"", "x".repeat(4096), 3 * MIB, "\"}]}}}}")), null), 413, "string");
    }

    @Test
    void aLegalChunkedBodyIsSaved() throws Exception {
        var response = send("save", chunked(() -> new ByteArrayInputStream(
                "{\"project\":{\"name\":\"chunked\",\"metadata\":{\"k\":\"v\"}}}".getBytes(StandardCharsets.UTF_8))),
                null);
        assertEquals(200, response.statusCode(), response.body());
        String id = JSON.readTree(response.body()).at("/data/project_id").asText();
        assertEquals(1, log.versions(id).size());
    }

    @Test
    void aLargeLegalBodyIsParsedAndStoredWhole() throws Exception {
        // about 3 MiB: past the size at which the REST layer parses on a worker thread
        StringBuilder nodes = new StringBuilder();
        for (int i = 0; nodes.length() < 3 * MIB; i++) {
            nodes.append(i == 0 ? "" : ",").append("{\"id\":\"n").append(i).append("\",\"label\":\"")
                    .append("label ".repeat(20)).append("\"}");
        }
        String bundle = "{\"export_data\":{\"tables\":{\"project\":{\"data\":[{\"name\":\"big import\"}]},"
                + "\"ontology_nodes\":{\"data\":[" + nodes + "]}}}}";
        for (var publisher : java.util.List.<Supplier<HttpRequest.BodyPublisher>>of(
                () -> HttpRequest.BodyPublishers.ofString(bundle),
                () -> chunked(() -> new ByteArrayInputStream(bundle.getBytes(StandardCharsets.UTF_8))))) {
            var response = send("import-project", publisher.get(), null);
            assertEquals(200, response.statusCode(), response.body());
            String id = JSON.readTree(response.body()).at("/data/new_project_id").asText();
            var loaded = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "load?project_id=" + id))
                    .header("Authorization", Tokens.bearer("bo", "acme")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode project = JSON.readTree(loaded.body()).get("data");
            assertEquals(JSON.readTree(bundle).at("/export_data/tables/ontology_nodes/data").size(),
                    project.at("/ontology/nodes").size());
        }
    }

    @Test
    void anIdempotentRetryOfALargeBodyIsReplayed() throws Exception {
        String body = "{\"project\":{\"name\":\"once\",\"description\":\"" + "d".repeat(19_000)
                + "\",\"metadata\":{\"blob\":\"" + "b".repeat(60_000) + "\"}}}";
        String key = "bounded-" + System.nanoTime();
        var first = send("save", HttpRequest.BodyPublishers.ofString(body), key);
        var again = send("save", chunked(() -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))), key);
        assertEquals(200, first.statusCode(), first.body());
        assertEquals(200, again.statusCode(), again.body());
        assertEquals("true", again.headers().firstValue("Idempotent-Replayed").orElse(null));
        assertEquals(first.body(), again.body());
    }

    /**
     * java.net.http's default client asks to upgrade plain HTTP to HTTP/2 (h2c): those requests,
     * with a body or without, chunked or not, are answered like any other (HTTP/1.1: see
     * quarkus.http.http2 in application.properties).
     */
    @Test
    void aClientAskingForHttp2IsServedWithAndWithoutABody() throws Exception {
        HttpClient http2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofSeconds(5)).build();
        String token = Tokens.bearer("bo", "acme");
        var list = http2.send(HttpRequest.newBuilder(URI.create(base + "list")).timeout(Duration.ofSeconds(60))
                .header("Authorization", token).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, list.statusCode(), list.body());
        for (HttpRequest.BodyPublisher body : new HttpRequest.BodyPublisher[] {
                HttpRequest.BodyPublishers.ofString("{\"project\":{\"name\":\"over h2c\"}}"),
                chunked(() -> new ByteArrayInputStream("{\"project\":{\"name\":\"over h2c, chunked\"}}"
                        .getBytes(StandardCharsets.UTF_8)))}) {
            var save = http2.send(HttpRequest.newBuilder(URI.create(base + "save")).timeout(Duration.ofSeconds(60))
                    .header("Authorization", token).header("Content-Type", "application/json").POST(body).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, save.statusCode(), save.body());
            assertTrue(JSON.readTree(save.body()).at("/data/project_id").isTextual(), save.body());
        }
    }

    private void assertRefused(HttpResponse<String> response, int status, String messagePart) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode envelope = JSON.readTree(response.body());
        assertEquals("error", envelope.get("status").asText());
        assertTrue(envelope.get("data").isNull());
        assertTrue(envelope.get("message").asText().contains(messagePart), envelope.get("message").asText());
        assertTrue(response.headers().firstValue("X-Request-Id").isPresent());
    }

    private HttpResponse<String> send(String action, HttpRequest.BodyPublisher body, String idempotencyKey)
            throws Exception {
        long before = log.count();
        var request = HttpRequest.newBuilder(URI.create(base + action)).timeout(Duration.ofSeconds(60))
                .header("Authorization", Tokens.bearer("bo", "acme")).header("Content-Type", "application/json")
                .POST(body);
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        var response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 400) {
            assertEquals(before, log.count(), "a refused body wrote to the log");
        }
        return response;
    }

    /** A publisher of unknown length: java.net.http sends it with Transfer-Encoding: chunked. */
    private static HttpRequest.BodyPublisher chunked(Supplier<InputStream> body) {
        return HttpRequest.BodyPublishers.ofInputStream(body);
    }

    /** {@code head}, then {@code unit} until about {@code size} bytes, then {@code tail}, made as it is read. */
    private static InputStream repeated(String head, String unit, long size, String tail) {
        byte[] u = unit.getBytes(StandardCharsets.UTF_8);
        long times = Math.max(1, size / u.length);
        InputStream units = new InputStream() {
            private long left = times;
            private int at = 0;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                int n = 0;
                while (n < len && left > 0) {
                    int take = Math.min(len - n, u.length - at);
                    System.arraycopy(u, at, b, off + n, take);
                    n += take;
                    at += take;
                    if (at == u.length) {
                        at = 0;
                        left--;
                    }
                }
                return n;
            }
        };
        return new SequenceInputStream(new SequenceInputStream(
                new ByteArrayInputStream(head.getBytes(StandardCharsets.UTF_8)), units),
                new ByteArrayInputStream(tail.getBytes(StandardCharsets.UTF_8)));
    }
}
