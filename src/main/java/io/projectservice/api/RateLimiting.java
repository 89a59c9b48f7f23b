package io.projectservice.api;

import io.projectservice.errors.Refusal;
import io.projectservice.limits.RateDecision;
import io.projectservice.limits.RateLimits;
import io.projectservice.limits.Refusals;
import io.projectservice.security.Caller;
import io.projectservice.security.Callers;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/**
 * Per-caller limits, applied once the token is verified (the security check runs before request
 * filters, so a request without a valid token is a 401 that spends nobody's budget) and before
 * the body is read or anything else runs: over its rate, a caller gets 429 with
 * {@code Retry-After}; with too many create-from-context requests in flight, too. Every answer
 * to an authenticated caller carries its bucket as the {@code RateLimit-Policy} and
 * {@code RateLimit} fields of draft-ietf-httpapi-ratelimit-headers-10 (structured fields: a
 * policy named {@code "caller"} with quota {@code q} per window {@code w} seconds; {@code r}
 * requests left, {@code t} seconds until the bucket is full again).
 */
@Singleton
public class RateLimiting {
    static final String POLICY_NAME = "\"caller\"";
    /** Asked of a caller at its upload limit: an upload usually finishes within seconds. */
    static final int UPLOAD_RETRY_AFTER_SECONDS = 5;
    private static final String DECISION = "rate-limit.decision";
    private static final String POLICY = "rate-limit.policy";

    // application-scoped beans are proxies, resolved per call: filters are built before runtime config
    private final Callers callers;
    private final RateLimits limits;
    private final Refusals refusals;

    public RateLimiting(Callers callers, RateLimits limits, Refusals refusals) {
        this.callers = callers;
        this.limits = limits;
        this.refusals = refusals;
    }

    @ServerRequestFilter(priority = Priorities.USER - 100)
    public Response limit(ContainerRequestContext ctx, RoutingContext rc, SimpleResourceInfo resource) {
        Caller caller = callers.current();
        RateLimits.Policy policy = limits.policy(caller);
        RateDecision decision = limits.request(caller, policy);
        rc.put(POLICY, policy);
        rc.put(DECISION, decision);
        if (!decision.allowed()) {
            refusals.count(Refusals.Reason.RATE_LIMITED);
            return tooMany(decision.retryAfterSeconds(), Refusal.rateLimited("rate_limited",
                    "Too many requests: each caller may send " + number(policy.requestsPerSecond())
                    + " requests per second (bursts of up to " + policy.burst() + "); retry in "
                    + seconds(decision.retryAfterSeconds())));
        }
        if (resource.getResourceClass() == CreateFromContextResource.class && "POST".equals(ctx.getMethod())) {
            if (!limits.startUpload(caller, policy)) {
                refusals.count(Refusals.Reason.CONCURRENT_UPLOADS);
                return tooMany(UPLOAD_RETRY_AFTER_SECONDS, Refusal.rateLimited("too_many_uploads", "Too many"
                        + " create-from-context requests at once: each caller may have " + policy.concurrentUploads()
                        + " in flight; retry once one of them has been answered"));
            }
            // the end of the response, or of its connection, whatever happened to the request
            rc.addEndHandler(done -> limits.endUpload(caller));
        }
        return null;
    }

    @ServerResponseFilter
    public void headers(ContainerResponseContext response, RoutingContext rc) {
        RateLimits.Policy policy = rc.get(POLICY);
        RateDecision decision = rc.get(DECISION);
        if (policy == null || decision == null) {
            return;
        }
        response.getHeaders().putSingle("RateLimit-Policy", policyField(policy));
        response.getHeaders().putSingle("RateLimit", POLICY_NAME + ";r=" + decision.remaining() + ";t="
                + decision.resetSeconds());
    }

    static String policyField(RateLimits.Policy policy) {
        return POLICY_NAME + ";q=" + policy.burst() + ";w=" + policy.windowSeconds();
    }

    private static Response tooMany(long retryAfterSeconds, Refusal refusal) {
        return Response.status(ErrorMapping.status(refusal.kind())).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorMapping.envelope(refusal))
                .header("Retry-After", retryAfterSeconds).build();
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    private static String seconds(long n) {
        return n == 1 ? "1 second" : n + " seconds";
    }
}
