package io.projectservice.api;

import io.projectservice.projects.ProjectIds;
import io.projectservice.projects.RequestInfo;
import io.projectservice.security.Callers;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.enterprise.context.ApplicationScoped;

/** Builds the {@link RequestInfo} of the current request: caller, workspace, request id. */
@ApplicationScoped
public class ApiRequests {
    private final Callers callers;
    private final CurrentVertxRequest request;

    public ApiRequests(Callers callers, CurrentVertxRequest request) {
        this.callers = callers;
        this.request = request;
    }

    /** Call at the start of a resource method, while the request context is active. */
    public RequestInfo info(String workspaceId) {
        var caller = callers.current();
        ProjectIds.requireWorkspace(workspaceId);
        var rc = request.getCurrent();
        String requestId = rc == null ? null : rc.get(RequestRouting.REQUEST_ID);
        return new RequestInfo(caller, workspaceId, requestId);
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
        throw ApiException.badRequest("Header 'If-Match' must be a project version such as \"3\"");
    }

    public static Integer intParam(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Parameter '" + name + "' must be a whole number");
        }
    }

    public static <T> T requireBody(T body) {
        if (body == null) {
            throw ApiException.badRequest("A JSON request body is required");
        }
        return body;
    }
}
