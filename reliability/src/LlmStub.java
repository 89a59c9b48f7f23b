import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-compatible chat completions endpoint ({@code POST /v1/chat/completions}) on
 * 127.0.0.1 and a free port, for the scenarios that need an LLM: its n-th call answers after the
 * n-th delay (the last one for every later call) with a valid analysis. The JDK's own HTTP
 * server; a caller that goes away (a killed worker) is simply not answered.
 */
final class LlmStub implements AutoCloseable {
    static final String MODEL = "reliability-stub";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "llm-stub");
        t.setDaemon(true);
        return t;
    });
    private final List<Duration> delays;
    private final String answer;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger answered = new AtomicInteger();

    LlmStub(List<Duration> delays, String projectName) throws IOException {
        this.delays = delays;
        this.answer = completion(Json.write(Map.of("name", projectName,
                "description", "What the reliability stub answers.",
                "nodes", List.of(Map.of("id", "worker", "label", "Worker", "description", "Runs jobs",
                        "properties", Map.of()), Map.of("id", "job", "label", "Job", "description", "A request",
                        "properties", Map.of())),
                "edges", List.of(Map.of("source", "worker", "target", "job", "label", "runs")))));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(threads);
        server.createContext("/v1/chat/completions", this::handle);
        server.start();
    }

    /** The base URL to give the service as OPENAI_BASE_URL. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/";
    }

    /** Calls received so far (including those whose caller went away). */
    int calls() {
        return calls.get();
    }

    /** Calls answered to a caller still there. */
    int answered() {
        return answered.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            int n = calls.incrementAndGet();
            Duration delay = delays.get(Math.min(n, delays.size()) - 1);
            Log.info("  LLM stub: call %d, answering in %.0f s", n, delay.toMillis() / 1000.0);
            Log.sleep(delay);
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
            answered.incrementAndGet();
        } catch (IOException e) {
            Log.info("  LLM stub: a caller went away before its answer (%s)", e.getClass().getSimpleName());
        }
    }

    private static String completion(String content) {
        return Json.write(Map.of("id", "chatcmpl-reliability", "object", "chat.completion",
                "created", 1_700_000_000L, "model", MODEL,
                "choices", List.of(Map.of("index", 0, "finish_reason", "stop",
                        "message", Map.of("role", "assistant", "content", content))),
                "usage", Map.of("prompt_tokens", 100, "completion_tokens", 50, "total_tokens", 150)));
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
