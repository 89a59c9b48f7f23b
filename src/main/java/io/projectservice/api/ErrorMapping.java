package io.projectservice.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.projectservice.errors.DatabaseFailures;
import io.projectservice.errors.PartialFailure;
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

    /** A failure partway through many items is the service's, not the client's: a 500, what was done kept. */
    static final int PARTIAL_FAILURE_STATUS = 500;

    @ServerExceptionMapper
    public RestResponse<Envelope> refusal(Refusal e) {
        return answer(e);
    }

    @ServerExceptionMapper
    public RestResponse<Envelope> partialFailure(PartialFailure e) {
        return respond(PARTIAL_FAILURE_STATUS, Envelope.error(e.code(), e.getMessage()));
    }

    /** The refusal's envelope with the status of its kind. */
    static RestResponse<Envelope> answer(Refusal e) {
        return respond(status(e.kind()), envelope(e));
    }

    /** Every 409 says {@code conflict} in its status; every other refusal {@code error}. */
    static Envelope envelope(Refusal e) {
        return e.kind() == Refusal.Kind.CONFLICT ? Envelope.conflict(e.code(), e.getMessage())
                : Envelope.error(e.code(), e.getMessage());
    }

    private static RestResponse<Envelope> respond(ProtocolError error, int status, String message) {
        return respond(status, Envelope.error(error.code, message));
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
        return answer(Refusal.conflict("concurrent_change", "Project '" + e.streamId()
                + "' was changed by another request at the same moment; load it again and retry"));
    }

    @ServerExceptionMapper
    public RestResponse<Envelope> eventTooLarge(EventTooLargeException e) {
        return answer(Refusal.tooLarge("content_too_large", e.sentence()));
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
            return answer(JsonConstraints.refusal(constraint));
        }
        // a field reader that refused its value (config/MeasuredMetadata) says why itself
        if (e.getCause() instanceof Refusal refused) {
            return answer(refused);
        }
        if (e instanceof JsonParseException || !(e instanceof JsonMappingException mapping)) {
            return answer(Refusal.invalid("json_malformed",
                    "Malformed JSON body: " + firstLine(e.getOriginalMessage())));
        }
        // a syntax error met while binding a field is still a syntax error, not a wrong type
        if (mapping.getCause() instanceof JsonParseException parse) {
            return json(parse);
        }
        if (String.valueOf(mapping.getOriginalMessage()).startsWith("Unexpected end-of-input")) {
            return answer(Refusal.invalid("json_malformed", "Malformed JSON body: it ends before the JSON does"));
        }
        String field = mapping.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        String expected = e instanceof MismatchedInputException m && m.getTargetType() != null
                ? " (expected " + describe(m.getTargetType()) + ")" : "";
        return answer(field.isEmpty()
                ? Refusal.invalid("body_wrong_shape", "The JSON body does not have the expected shape" + expected)
                : Refusal.invalid("field_wrong_type", "Field '" + field + "' has the wrong type" + expected));
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class,
            AuthenticationCompletionException.class})
    public RestResponse<Envelope> unauthorized(RuntimeException e, HttpServerRequest request) {
        String auth = request.getHeader("Authorization");
        Refusal refusal = auth == null || auth.isBlank()
                ? Refusal.unauthenticated("token_missing", "Missing bearer token: send 'Authorization: Bearer <JWT>'")
                : Refusal.unauthenticated("token_invalid",
                        "Invalid bearer token: it is malformed, expired, not yet valid or not signed by a trusted key");
        return RestResponse.ResponseBuilder.<Envelope>create(status(refusal.kind())).entity(envelope(refusal))
                .header("WWW-Authenticate", "Bearer").type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    @ServerExceptionMapper
    public RestResponse<Envelope> forbidden(ForbiddenException e) {
        return answer(Refusal.forbidden("forbidden", "You are not allowed to do this"));
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
        if (status == 413) {
            return answer(Refusal.tooLarge("body_too_large", "Request body too large"));
        }
        if (status >= 500) {
            LOG.error("request failed", e);
        }
        return switch (status) {
            case 404 -> respond(ProtocolError.ROUTE_NOT_FOUND, status,
                    "No such endpoint: " + request.method() + " " + request.path());
            case 405 -> respond(ProtocolError.METHOD_NOT_ALLOWED, status,
                    "Method " + request.method() + " is not allowed on " + request.path());
            case 406 -> respond(ProtocolError.NOT_ACCEPTABLE, status, "This endpoint answers application/json only");
            case 415 -> respond(ProtocolError.UNSUPPORTED_MEDIA_TYPE, status, "Unsupported media type '"
                    + request.getHeader("Content-Type") + "': send application/json");
            default -> status < 500 ? respond(ProtocolError.BAD_REQUEST, status, "Bad request: " + reason(status))
                    : respond(ProtocolError.INTERNAL_ERROR, status, "Unexpected error");
        };
    }

    @ServerExceptionMapper
    public RestResponse<Envelope> unexpected(Throwable e, HttpServerRequest request) {
        var constraint = JsonConstraints.find(e);
        if (constraint != null) {
            return answer(JsonConstraints.refusal(constraint));
        }
        // a field reader that refused its value (config/MeasuredMetadata) says why itself
        if (e.getCause() instanceof Refusal refused) {
            return answer(refused);
        }
        if (DatabaseFailures.isDatabaseUnavailable(e)) {
            LOG.warnf("database unavailable: %s", e.toString());
            return answer(Refusal.unavailable("database_unavailable", DATABASE_UNAVAILABLE));
        }
        if (DatabaseFailures.isUnstorableText(e)) {
            return answer(Refusal.invalid("text_unstorable", "The request holds text that cannot be stored: the NUL"
                    + " character (\\u0000) is not allowed in names, descriptions, metadata or any other text"));
        }
        LOG.errorf(e, "unexpected failure on %s %s", request.method(), request.path());
        return respond(ProtocolError.INTERNAL_ERROR, ProtocolError.INTERNAL_ERROR.status,
                "Unexpected error; the request id in X-Request-Id helps the operators");
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
