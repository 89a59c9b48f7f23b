package io.projectservice.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A WireMock server on a random port standing in for an OpenAI-compatible LLM; the application
 * under test gets it as its base URL and a key. Tests set its answers through WireMock's HTTP
 * admin API (see {@link #PORT_PROPERTY}), which works whatever class loader they run in.
 */
public class OpenAiStub implements QuarkusTestResourceLifecycleManager {
    public static final String PORT_PROPERTY = "test.openai-stub.port";
    private static WireMockServer server;

    @Override
    public Map<String, String> start() {
        if (server == null) {
            server = new WireMockServer(WireMockConfiguration.options().dynamicPort()
                    .containerThreads(8).asynchronousResponseEnabled(true));
            server.start();
        }
        return Map.of(
                "quarkus.langchain4j.openai.enable-integration", "true",
                "quarkus.langchain4j.openai.api-key", "test-key",
                "quarkus.langchain4j.openai.base-url", "http://localhost:" + server.port() + "/v1/",
                "quarkus.langchain4j.openai.chat-model.model-name", "stub-model",
                PORT_PROPERTY, String.valueOf(server.port()));
    }

    /** An OpenAI chat completion whose message content is the given text. */
    public static String completion(String content) {
        ObjectNode body = JsonNodeFactory.instance.objectNode()
                .put("id", "chatcmpl-test").put("object", "chat.completion").put("created", 1_700_000_000L)
                .put("model", "stub-model");
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", content);
        body.putObject("usage").put("prompt_tokens", 100).put("completion_tokens", 50).put("total_tokens", 150);
        return body.toString();
    }

    @Override
    public void stop() {
        // kept for the whole JVM like the database; the JVM's exit ends it
    }
}
