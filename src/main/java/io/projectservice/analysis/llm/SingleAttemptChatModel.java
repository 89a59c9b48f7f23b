package io.projectservice.analysis.llm;

import dev.langchain4j.model.openai.OpenAiChatModel;
import io.quarkiverse.langchain4j.ModelBuilderCustomizer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * One HTTP request per call of the chat model: {@link LlmAnalyzer}'s fault tolerance owns
 * retries. The client would otherwise retry on its own - its lowest configurable setting still
 * means one retry - doubling the requests and, worse, starting a new request after the timeout
 * interrupted the first one, which kept a timed-out analysis waiting for the whole second call.
 */
@ApplicationScoped
public class SingleAttemptChatModel implements ModelBuilderCustomizer<OpenAiChatModel.OpenAiChatModelBuilder> {

    @Override
    public void customize(OpenAiChatModel.OpenAiChatModelBuilder builder) {
        builder.maxRetries(0);
    }
}
