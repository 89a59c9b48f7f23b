package io.projectservice.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import io.projectservice.config.ServiceConfig;

/**
 * Refuses a body declared larger than the limit with a 413 in the envelope. The body is read and
 * dropped first (up to a bound), because most HTTP clients only read the answer once they have
 * sent everything; closing early would show them a broken pipe instead of the reason.
 */
@Singleton
public class BodyLimit {
    private static final String BODY = "{\"status\":\"error\",\"message\":\"Request body too large: the limit is %d"
            + " bytes\",\"data\":null}";
    private static final long DRAIN_FACTOR = 8;

    private final long limit;
    private final long uploadLimit;

    public BodyLimit(ServiceConfig config) {
        this.limit = config.limits().maxBodyBytes();
        // uploads: every file at its limit, the context text (4 bytes per character at most) and
        // a margin for the multipart framing
        var uploads = config.createFromContext();
        this.uploadLimit = uploads.maxTotalBytes() + 4L * uploads.maxContextChars() + 1024 * 1024;
    }

    void install(@Observes Router router) {
        router.route().order(-1000).handler(this::check);
    }

    void check(RoutingContext rc) {
        String declared = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long length = parse(declared);
        long limit = rc.normalizedPath().contains("/create-from-context") ? uploadLimit : this.limit;
        if (length <= limit) {
            rc.next();
            return;
        }
        String body = BODY.formatted(limit);
        var response = rc.response().setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        if (length > limit * DRAIN_FACTOR) {
            response.putHeader(HttpHeaders.CONNECTION, "close").end(body);
            return;
        }
        rc.request().handler(chunk -> { })
                .endHandler(done -> response.end(body))
                .exceptionHandler(e -> rc.request().connection().close());
    }

    private static long parse(String value) {
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
