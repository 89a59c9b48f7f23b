package io.projectservice.analysis.llm;

/** The LLM server refused the request (bad key, unknown model, bad request): retrying would not help. */
public class LlmRejectedException extends RuntimeException {
    private final int status;

    public LlmRejectedException(int status, Throwable cause) {
        super("HTTP " + status, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
