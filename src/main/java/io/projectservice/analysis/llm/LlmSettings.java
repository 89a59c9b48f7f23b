package io.projectservice.analysis.llm;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Whether an LLM is configured, and which model answers. */
@ApplicationScoped
public class LlmSettings {
    private final boolean enabled;
    private final String model;

    public LlmSettings(@ConfigProperty(name = OpenAiEnvironment.ENABLE, defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "quarkus.langchain4j.openai.chat-model.model-name", defaultValue = "gpt-4o-mini")
            String model) {
        this.enabled = enabled;
        this.model = model;
    }

    public boolean enabled() {
        return enabled;
    }

    public String model() {
        return model;
    }
}
