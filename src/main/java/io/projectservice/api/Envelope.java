package io.projectservice.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of every JSON response, errors included. {@code data} is null on every error; {@code code}
 * is the stable machine-readable name of an error (docs/ERRORS.md), absent from every success.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Envelope(String status, String message, Object data,
        @JsonInclude(JsonInclude.Include.NON_NULL) String code) {

    public static Envelope success(String message, Object data) {
        return new Envelope("success", message, data, null);
    }

    public static Envelope error(String code, String message) {
        return new Envelope("error", message, null, code);
    }

    public static Envelope conflict(String code, String message) {
        return new Envelope("conflict", message, null, code);
    }
}
