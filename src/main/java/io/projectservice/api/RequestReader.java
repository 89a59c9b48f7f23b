package io.projectservice.api;

import io.projectservice.errors.Refusal;
import io.projectservice.idempotency.IdempotencyClaim;
import io.projectservice.projects.CommandContext;
import io.projectservice.projects.ProjectIds;
import io.projectservice.security.Callers;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Reads the current request: its {@link CommandContext} (caller, workspace, request id) and its parameters. */
@ApplicationScoped
public class RequestReader {
    private final Callers callers;
    private final CurrentVertxRequest request;

    public RequestReader(Callers callers, CurrentVertxRequest request) {
        this.callers = callers;
        this.request = request;
    }

    /** Call at the start of a resource method, while the request context is active. */
    public CommandContext info(String workspaceId) {
        var caller = callers.current();
        ProjectIds.requireWorkspace(workspaceId);
        var rc = request.getCurrent();
        String requestId = rc == null ? null : rc.get(RequestRouting.REQUEST_ID);
        IdempotencyClaim claim = rc == null ? null : rc.get(IdempotencyFilter.CLAIM);
        return new CommandContext(caller, workspaceId, requestId, claim);
    }

    /** {@code If-Match: "7"} (or {@code 7}, or a weak tag) as a version; absent gives null. */
    public static Integer ifMatch(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String v = header.trim();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        v = v.replace("\"", "");
        try {
            int version = Integer.parseInt(v);
            if (version >= 0) {
                return version;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw Refusal.invalid("if_match_invalid", "Header 'If-Match' must be a project version such as \"3\"");
    }

    public static Integer intParam(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw Refusal.invalid("parameter_invalid", "Parameter '" + name + "' must be a whole number");
        }
    }

    /** A plain number cursor (absent: {@code first}), {@code first} or more, else a 400 saying {@code what} it is. */
    public static int numberCursor(String cursor, int first, String what) {
        if (cursor == null || cursor.isBlank()) {
            return first;
        }
        try {
            int value = Integer.parseInt(cursor.trim());
            if (value >= first) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw Refusal.invalid("cursor_invalid", "Parameter 'cursor' must be " + what);
    }

    /** A page size: absent gives null, otherwise 1 or more. */
    public static Integer limitParam(String value) {
        Integer size = intParam(value, "limit");
        if (size != null && size < 1) {
            throw Refusal.invalid("parameter_invalid", "Parameter 'limit' must be 1 or more");
        }
        return size;
    }

    /**
     * An ISO-8601 date-time with offset ({@code 2026-11-30T06:43:23.123456+00:00} or {@code ...Z}).
     * A '+' that reached us as a space (an unencoded query string) is read as the '+' it was.
     */
    public static OffsetDateTime timeParam(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        int space = v.lastIndexOf(' ');
        if (space > v.indexOf('T')) {
            v = v.substring(0, space) + "+" + v.substring(space + 1);
        }
        try {
            return OffsetDateTime.parse(v);
        } catch (DateTimeParseException e) {
            throw Refusal.invalid("parameter_invalid",
                    "Parameter '" + name + "' must be an ISO-8601 date-time with an offset,"
                    + " such as 2026-11-30T06:43:23+00:00");
        }
    }

    public static <T> T requireBody(T body) {
        if (body == null) {
            throw Refusal.invalid("body_required", "A JSON request body is required");
        }
        return body;
    }
}
