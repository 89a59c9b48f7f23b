package io.projectservice.api;

import io.projectservice.config.ServiceConfig;
import io.projectservice.security.Callers;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Maps every accepted URL onto the one canonical route {@code /api/v1/projects/{workspace}/...}:
 * the hosted prefix {@code /jarvispy/{org}/{user}} is stripped (its segments are kept for the
 * caller check) and {@link RouteTable} maps every route family and action name onto it.
 * Also gives every request an id ({@code X-Request-Id}, taken from the client when sane).
 */
@Singleton
public class RequestRouting {
    public static final String REQUEST_ID = "request.id";
    private static final Pattern HOSTED = Pattern.compile("^/jarvispy/([^/]+)/([^/]+)(/api/v1(?:/.*)?)$");
    private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    // filters are built at static init, before runtime configuration exists: look it up per request
    private final Instance<ServiceConfig> config;

    public RequestRouting(Instance<ServiceConfig> config) {
        this.config = config;
    }

    @ServerRequestFilter(preMatching = true)
    public void route(ContainerRequestContext ctx, RoutingContext rc) {
        String requestId = requestId(rc);
        MDC.put("request_id", requestId);

        URI uri = ctx.getUriInfo().getRequestUri();
        String path = uri.getRawPath();
        String rewritten = path;
        Matcher hosted = HOSTED.matcher(path);
        if (hosted.matches()) {
            rc.put(Callers.HOSTED_ORG, decode(hosted.group(1)));
            rc.put(Callers.HOSTED_USER, decode(hosted.group(2)));
            rewritten = hosted.group(3);
        }
        rewritten = RouteTable.canonical(rewritten, config.get().defaultWorkspace());
        if (!rewritten.equals(path)) {
            String query = uri.getRawQuery();
            ctx.setRequestUri(URI.create(rewritten + (query == null ? "" : "?" + query)));
        }
    }

    /**
     * This request's id: the client's {@code X-Request-Id} when sane, else a new one. Kept in the
     * routing context, so an answer given before the REST layer (api/BodyLimit) carries the same.
     */
    static String requestId(RoutingContext rc) {
        String known = rc.get(REQUEST_ID);
        if (known != null) {
            return known;
        }
        String incoming = rc.request().getHeader("X-Request-Id");
        String requestId = incoming != null && SANE_ID.matcher(incoming).matches() ? incoming
                : UUID.randomUUID().toString();
        rc.put(REQUEST_ID, requestId);
        return requestId;
    }

    @ServerResponseFilter
    public void tag(ContainerResponseContext response, RoutingContext rc) {
        Object id = rc.get(REQUEST_ID);
        if (id != null) {
            response.getHeaders().putSingle("X-Request-Id", id);
        }
    }

    private static String decode(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
