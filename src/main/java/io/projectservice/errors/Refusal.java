package io.projectservice.errors;

import java.util.Objects;

/**
 * A request the service will not carry out, said in the domain's words: the kind of refusal (only
 * the API maps kinds to HTTP status codes), a stable machine-readable code a client can switch on
 * ({@code project_not_found}, {@code version_conflict}, ...), and a sentence a person can act on.
 */
public class Refusal extends RuntimeException {
    public enum Kind {
        INVALID, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT, TOO_LARGE, UNPROCESSABLE, RATE_LIMITED, UNAVAILABLE
    }

    private final Kind kind;
    private final String code;

    public Refusal(Kind kind, String code, String message) {
        super(message, null, false, false);
        this.kind = Objects.requireNonNull(kind);
        this.code = Objects.requireNonNull(code);
    }

    public Kind kind() {
        return kind;
    }

    /** Lower-case words joined by underscores; once published, a code never changes meaning. */
    public String code() {
        return code;
    }

    public static Refusal invalid(String code, String message) {
        return new Refusal(Kind.INVALID, code, message);
    }

    public static Refusal unauthenticated(String code, String message) {
        return new Refusal(Kind.UNAUTHENTICATED, code, message);
    }

    public static Refusal forbidden(String code, String message) {
        return new Refusal(Kind.FORBIDDEN, code, message);
    }

    public static Refusal notFound(String code, String message) {
        return new Refusal(Kind.NOT_FOUND, code, message);
    }

    public static Refusal conflict(String code, String message) {
        return new Refusal(Kind.CONFLICT, code, message);
    }

    public static Refusal tooLarge(String code, String message) {
        return new Refusal(Kind.TOO_LARGE, code, message);
    }

    public static Refusal unprocessable(String code, String message) {
        return new Refusal(Kind.UNPROCESSABLE, code, message);
    }

    public static Refusal rateLimited(String code, String message) {
        return new Refusal(Kind.RATE_LIMITED, code, message);
    }

    public static Refusal unavailable(String code, String message) {
        return new Refusal(Kind.UNAVAILABLE, code, message);
    }
}
