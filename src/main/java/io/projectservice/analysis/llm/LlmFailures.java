package io.projectservice.analysis.llm;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/** Why the LLM path gave up, as the {@code reason} of the offline result that replaced it. */
public final class LlmFailures {
    private LlmFailures() {
    }

    public static String reason(Throwable failure) {
        if (failure instanceof LlmOutputException) {
            return "LLM answered invalid output: " + failure.getMessage();
        }
        if (failure instanceof TimeoutException) {
            return "LLM call timed out";
        }
        if (failure instanceof CircuitBreakerOpenException) {
            return "LLM calls paused after repeated failures (circuit breaker open)";
        }
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof LlmRejectedException rejected) {
                return "LLM call failed: HTTP " + rejected.status();
            }
            if (t instanceof HttpException http) {
                return "LLM call failed: HTTP " + http.statusCode();
            }
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof UnresolvedModelServerException) {
                return "LLM call failed: cannot connect to the LLM server";
            }
            if (t instanceof java.util.concurrent.TimeoutException || t instanceof java.net.SocketTimeoutException
                    || t instanceof dev.langchain4j.exception.TimeoutException) {
                return "LLM call timed out";
            }
        }
        return "LLM call failed: unexpected error";
    }

    /** The HTTP status in a failure's cause chain, or -1. */
    static int status(Throwable failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof HttpException http) {
                return http.statusCode();
            }
        }
        return -1;
    }
}
