package io.projectservice.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.projectservice.config.JacksonConfig;
import io.projectservice.config.JsonCodec;
import io.projectservice.config.ServiceConfig;
import io.projectservice.errors.Refusal;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every request body is read here, before the REST layer, and limited while it streams in,
 * whether it declares a Content-Length or comes chunked: past the limit (or the JSON limits of
 * config/JacksonConfig, checked by an incremental parser as the chunks arrive) it gets its 4xx in
 * the envelope and nothing of it is kept. Bodies in flight share one heap budget
 * ({@link BodyBudget}); one that does not fit is refused with 503 and Retry-After, before it is
 * read when it declares its length. A body that passes is handed to the REST layer whole
 * ({@link BodyHandover}).
 *
 * <p>Multipart uploads to create-from-context are the exception: the multipart parser streams
 * their files to disk and stops at {@code quarkus.http.limits.max-body-size}; here they only have
 * their declared length checked against the (larger) upload limit.
 *
 * <p>A refused body is read and dropped (up to a bound) before the answer goes out, because most
 * HTTP clients only read the answer once they have sent everything: closing early would show them
 * a broken pipe instead of the reason. A client that asked {@code Expect: 100-continue} is
 * answered at once and sends nothing.
 */
@Singleton
public class BodyLimit {
    private static final long DRAIN_FACTOR = 8;
    private static final String RETRY_AFTER_SECONDS = "1";

    private final long limit;
    private final long uploadLimit;
    private final long maxTokens;
    private final BodyBudget budget;
    private final JsonFactory scanner;
    private final JsonCodec json;
    private final MeterRegistry metrics;
    private final Map<String, Counter> refusals = new ConcurrentHashMap<>();

    public BodyLimit(ServiceConfig config, BodyBudget budget, JsonCodec json, MeterRegistry metrics) {
        this.limit = config.limits().maxBodyBytes();
        // uploads: every file at its limit, the context text (4 bytes per character at most) and
        // a margin for the multipart framing
        var uploads = config.createFromContext();
        this.uploadLimit = uploads.maxTotalBytes() + 4L * uploads.maxContextChars() + 1024 * 1024;
        this.maxTokens = config.limits().json().maxTokens();
        this.budget = budget;
        this.scanner = JsonFactory.builder().streamReadConstraints(JacksonConfig.requestConstraints(config.limits()))
                .build();
        this.json = json;
        this.metrics = metrics;
    }

    void install(@Observes Router router) {
        router.route().order(-1000).handler(this::check);
    }

    void check(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        long declared = parse(request.getHeader(HttpHeaders.CONTENT_LENGTH));
        boolean upload = rc.normalizedPath().contains("/create-from-context");
        long max = upload ? uploadLimit : limit;
        if (declared > max) {
            new Rejection(rc, max).refuse(Refusal.tooLarge("body_too_large", tooLarge(max)), "too_large",
                    declared);
            return;
        }
        if (!hasBody(request, declared) || upload && isMultipart(request)) {
            rc.next();
            return;
        }
        new Reading(rc, declared, max).start();
    }

    /** A body on its way in: counted, kept, scanned, and paid for from the budget chunk by chunk. */
    private final class Reading {
        private final RoutingContext rc;
        private final long declared;
        private final long max;
        private final BodyBudget.Ticket ticket = budget.open();
        private Buffer body;
        private JsonScan scan;
        private long count;
        private Rejection rejection;

        Reading(RoutingContext rc, long declared, long max) {
            this.rc = rc;
            this.declared = declared;
            this.max = max;
        }

        void start() {
            rc.addEndHandler(done -> ticket.close());
            if (declared > 0 && !ticket.reserve(declared * BodyBudget.BYTE_COST)) {
                refuse(busy(), "busy");
                return;
            }
            body = Buffer.buffer((int) Math.min(declared > 0 ? declared : 4096, 64 * 1024));
            scan = isJson(rc.request()) ? new JsonScan(scanner) : null;
            HttpServerRequest request = rc.request();
            request.handler(this::chunk);
            request.endHandler(end -> end());
            request.exceptionHandler(e -> ticket.close());
            if (expectsContinue(request)) {
                rc.response().writeContinue();
            }
            request.resume();
        }

        private void chunk(Buffer chunk) {
            if (rejection != null) {
                rejection.drained(chunk.length());
                return;
            }
            count += chunk.length();
            if (count > max) {
                refuse(Refusal.tooLarge("body_too_large", tooLarge(max)), "too_large");
                return;
            }
            if (declared <= 0 && !ticket.reserve((long) chunk.length() * BodyBudget.BYTE_COST)) {
                refuse(busy(), "busy");
                return;
            }
            body.appendBuffer(chunk);
            if (scan != null) {
                scanned(() -> scan.feed(chunk.getBytes()));
            }
        }

        private void end() {
            if (rejection != null) {
                rejection.answer();
                return;
            }
            if (scan != null && !scanned(scan::finish)) {
                return;
            }
            rc.setBody(body);
            rc.next();
        }

        /** Runs a scan step and pays for its tokens; false when that refused the body. */
        private boolean scanned(JsonScan.Step step) {
            try {
                long tokens = step.run();
                if (scan.tokens() > maxTokens) {
                    refuse(JsonConstraints.tooManyValues(maxTokens), "tokens");
                    return false;
                }
                if (!ticket.reserve(tokens * BodyBudget.TOKEN_COST)) {
                    refuse(busy(), "busy");
                    return false;
                }
                return true;
            } catch (StreamConstraintsException e) {
                refuse(JsonConstraints.refusal(e), "json_limits");
                return false;
            }
        }

        private void refuse(Refusal answer, String reason) {
            body = null;
            scan = null;
            ticket.close();
            rejection = new Rejection(rc, max);
            rejection.refuse(answer, reason, declared > 0 ? declared : count);
        }
    }

    /** An answer given here, before the REST layer, and the rest of the body dropped. */
    private final class Rejection {
        private final RoutingContext rc;
        private final long drainLimit;
        private long drained;
        private Refusal answer;
        private boolean sent;

        Rejection(RoutingContext rc, long max) {
            this.rc = rc;
            this.drainLimit = max * DRAIN_FACTOR;
        }

        void refuse(Refusal answer, String reason, long size) {
            this.answer = answer;
            refusals.computeIfAbsent(reason, r -> Counter.builder("projects.body.refused").tag("reason", r)
                    .description("Request bodies refused before the REST layer, by reason").register(metrics))
                    .increment();
            HttpServerRequest request = rc.request();
            if (request.isEnded()) {
                answer();
                return;
            }
            if (size > drainLimit || expectsContinue(request)) {
                answerAndClose();
                return;
            }
            request.handler(chunk -> drained(chunk.length()));
            request.endHandler(end -> answer());
            request.exceptionHandler(e -> request.connection().close());
            request.resume();
        }

        void drained(int bytes) {
            drained += bytes;
            if (drained > drainLimit) {
                answerAndClose();
            }
        }

        void answer() {
            if (!sent) {
                sent = true;
                respond().end(envelope());
            }
        }

        private void answerAndClose() {
            if (sent) {
                return;
            }
            sent = true;
            var response = respond().putHeader(HttpHeaders.CONNECTION, "close");
            response.end(envelope()).onComplete(done -> rc.request().connection().close());
        }

        private io.vertx.core.http.HttpServerResponse respond() {
            var response = rc.response().setStatusCode(ErrorMapping.status(answer.kind()))
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader("X-Request-Id", RequestRouting.requestId(rc));
            if (answer.kind() == Refusal.Kind.UNAVAILABLE) {
                response.putHeader("Retry-After", RETRY_AFTER_SECONDS);
            }
            return response;
        }

        private String envelope() {
            return json.write(ErrorMapping.envelope(answer));
        }
    }

    private static Refusal busy() {
        return Refusal.unavailable("service_busy", "The service is busy reading other large requests; retry in "
                + RETRY_AFTER_SECONDS + " second");
    }

    private static String tooLarge(long limit) {
        return "Request body too large: the limit is " + limit + " bytes";
    }

    /** HTTP/1.1 has a body only with a length or chunked; HTTP/2 may stream one without a length. */
    private static boolean hasBody(HttpServerRequest request, long declared) {
        if (declared >= 0) {
            return declared > 0;
        }
        // HTTP/1.1 only (quarkus.http.http2=false): no length and not chunked is no body
        String encoding = request.getHeader(HttpHeaders.TRANSFER_ENCODING);
        return encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked");
    }

    private static boolean isMultipart(HttpServerRequest request) {
        String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/");
    }

    /** JSON, or no type at all (the REST layer answers 415 then, but it is read as JSON until then). */
    private static boolean isJson(HttpServerRequest request) {
        String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (type == null) {
            return true;
        }
        String t = type.toLowerCase(Locale.ROOT);
        return t.startsWith("application/json") || t.contains("+json");
    }

    private static boolean expectsContinue(HttpServerRequest request) {
        String expect = request.getHeader(HttpHeaders.EXPECT);
        return expect != null && expect.equalsIgnoreCase("100-continue");
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
