package io.projectservice.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The body of every JSON response, errors included. {@code data} is null on every error. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Envelope(String status, String message, Object data) {

    public static Envelope success(String message, Object data) {
        return new Envelope("success", message, data);
    }

    public static Envelope error(String message) {
        return new Envelope("error", message, null);
    }

    public static Envelope conflict(String message) {
        return new Envelope("conflict", message, null);
    }
}
