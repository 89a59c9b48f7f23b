package io.projectservice.analysis.llm;

/** The LLM answered, but not with a usable analysis. Retrying would not help. */
public class LlmOutputException extends RuntimeException {
    public LlmOutputException(String message) {
        super(message, null, false, false);
    }
}
