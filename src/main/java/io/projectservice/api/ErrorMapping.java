package io.projectservice.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.projectservice.errors.Refusal;
import io.projectservice.eventstore.EventTooLargeException;
import io.projectservice.eventstore.VersionConflictException;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every failure becomes the envelope with {@code data: null}, the right status and a sentence a
 * person can act on. No stack trace, no internal class name, no secret leaves the service.
 */
public class ErrorMapping {
    private static final Logger LOG = Logger.getLogger(ErrorMapping.class);
    static final String DATABASE_UNAVAILABLE = "The database is unavailable; retry shortly";

    /** Seconds a client is asked to wait before retrying a 503: a database restart or failover takes a few. */
    static final int UNAVAILABLE_RETRY_AFTER_SECONDS = 2;

    @ServerExceptionMapper
    public RestResponse<Envelope> api(ApiException e) {
        return respond(e.status(), e.envelope());
    }

    @ServerExceptionMapper
    public RestResponse<Envelope> refusal(Refusal e) {
        int status = status(e.kind());
        return respond(status, status == 409 ? Envelope.conflict(e.getMessage()) : Envelope.error(e.getMessage()));
    }

    /** The one place a refusal's kind becomes an HTTP status. */
    static int status(Refusal.Kind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case TOO_LARGE -> 413;
            case UNPROCESSABLE -> 422;
            case RATE_LIMITED -> 429;
            case UNAVAILABLE -> 503;
        };
    }

    @ServerExceptionMapper
    public RestResponse<Envelope> versionConflict(VersionConflictException e) {
        return respond(409, Envelope.conflict("Project '" + e.streamId()
                + "' was changed by another request at the same moment; load it again and retry"));
    }

    @ServerExceptionMapper
    public RestResponse<Envelope> eventTooLarge(EventTooLargeException e) {
        return respond(413, Envelope.error(e.sentence()));
    }

    // Quarkus ships mappers for these two exact types; ours must name them to take precedence
    @ServerExceptionMapper
    public RestResponse<Envelope> mismatched(MismatchedInputException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public RestResponse<Envelope> unparsable(JsonParseException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public RestResponse<Envelope> json(JsonProcessingException e) {
        var constraint = JsonConstraints.find(e);
        if (constraint != null) {
            return api(JsonConstraints.refusal(constraint));
        }
        // a field reader that refused its value (api/MeasuredMetadata) says why itself
        if (e.getCause() instanceof ApiException refused) {
            return api(refused);
        }
        if (e instanceof JsonParseException || !(e instanceof JsonMappingException mapping)) {
            return respond(400, Envelope.error("Malformed JSON body: " + firstLine(e.getOriginalMessage())));
        }
        // a syntax error met while binding a field is still a syntax error, not a wrong type
        if (mapping.getCause() instanceof JsonParseException parse) {
            return json(parse);
        }
        if (String.valueOf(mapping.getOriginalMessage()).startsWith("Unexpected end-of-input")) {
            return respond(400, Envelope.error("Malformed JSON body: it ends before the JSON does"));
        }
        String field = mapping.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        String expected = e instanceof MismatchedInputException m && m.getTargetType() != null
                ? " (expected " + describe(m.getTargetType()) + ")" : "";
        return respond(400, Envelope.error(field.isEmpty()
                ? "The JSON body does not have the expected shape" + expected
                : "Field '" + field + "' has the wrong type" + expected));
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class,
            AuthenticationCompletionException.class})
    public RestResponse<Envelope> unauthorized(RuntimeException e, HttpServerRequest request) {
        String auth = request.getHeader("Authorization");
        String message = auth == null || auth.isBlank()
                ? "Missing bearer token: send 'Authorization: Bearer <JWT>'"
                : "Invalid bearer token: it is malformed, expired, not yet valid or not signed by a trusted key";
        return RestResponse.ResponseBuilder.create(RestResponse.Status.UNAUTHORIZED, Envelope.error(message))
                .header("WWW-Authenticate", "Bearer").type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    @ServerExceptionMapper
    public RestResponse<Envelope> forbidden(ForbiddenException e) {
        return respond(403, Envelope.error("You are not allowed to do this"));
    }

    @ServerExceptionMapper
    public RestResponse<Envelope> web(WebApplicationException e, HttpServerRequest request) {
        int status = e.getResponse().getStatus();
        // the JSON body reader wraps its parse errors in a bare 400: say what was wrong, and where
        for (Throwable c = e.getCause(); status == 400 && c != null && c != c.getCause(); c = c.getCause()) {
            if (c instanceof JsonProcessingException json) {
                return json(json);
            }
        }
        String message = switch (status) {
            case 404 -> "No such endpoint: " + request.method() + " " + request.path();
            case 405 -> "Method " + request.method() + " is not allowed on " + request.path();
            case 406 -> "This endpoint answers application/json only";
            case 415 -> "Unsupported media type '" + request.getHeader("Content-Type")
                    + "': send application/json";
            case 413 -> "Request body too large";
            default -> status < 500 ? "Bad request: " + reason(status) : "Unexpected error";
        };
        if (status >= 500) {
            LOG.error("request failed", e);
        }
        return respond(status, Envelope.error(message));
    }

    @ServerExceptionMapper
    public RestResponse<Envelope> unexpected(Throwable e, HttpServerRequest request) {
        var constraint = JsonConstraints.find(e);
        if (constraint != null) {
            return api(JsonConstraints.refusal(constraint));
        }
        // a field reader that refused its value (api/MeasuredMetadata) says why itself
        if (e.getCause() instanceof ApiException refused) {
            return api(refused);
        }
        if (Failures.isDatabaseUnavailable(e)) {
            LOG.warnf("database unavailable: %s", e.toString());
            return respond(503, Envelope.error(DATABASE_UNAVAILABLE));
        }
        if (Failures.isUnstorableText(e)) {
            return respond(400, Envelope.error("The request holds text that cannot be stored: the NUL character"
                    + " (\\u0000) is not allowed in names, descriptions, metadata or any other text"));
        }
        LOG.errorf(e, "unexpected failure on %s %s", request.method(), request.path());
        return respond(500, Envelope.error("Unexpected error; the request id in X-Request-Id helps the operators"));
    }

    /** The envelope with its status; every 503 also says when to retry ({@code Retry-After}, seconds). */
    static RestResponse<Envelope> respond(int status, Envelope envelope) {
        var response = RestResponse.ResponseBuilder.<Envelope>create(status).entity(envelope)
                .type(MediaType.APPLICATION_JSON_TYPE);
        if (status == 503) {
            response.header("Retry-After", UNAVAILABLE_RETRY_AFTER_SECONDS);
        }
        return response.build();
    }

    private static String reason(int status) {
        Response.Status s = Response.Status.fromStatusCode(status);
        return s == null ? String.valueOf(status) : s.getReasonPhrase();
    }

    private static String describe(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (type.isRecord() || java.util.Map.class.isAssignableFrom(type)) {
            return "an object";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return "a JSON value";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
