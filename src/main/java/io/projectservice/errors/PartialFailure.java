package io.projectservice.errors;

import java.util.Objects;

/**
 * An operation over many items that failed partway for the service's own reasons (not the
 * client's, not a database outage): what was done is kept, and the sentence says so and how to
 * finish. Unlike a {@link Refusal}, the request was not refused; the API answers it as a failure
 * of the service, with the same stable kind of code.
 */
public class PartialFailure extends RuntimeException {
    private final String code;

    public PartialFailure(String code, String message, Throwable cause) {
        super(message, cause, false, false);
        this.code = Objects.requireNonNull(code);
    }

    public String code() {
        return code;
    }
}
