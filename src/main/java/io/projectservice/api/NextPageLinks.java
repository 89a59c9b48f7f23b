package io.projectservice.api;

import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Every paged GET that sets {@code X-Next-Cursor} also says where the next page is, as an RFC 8288
 * {@code Link: <...>; rel="next"}: the URL the client sent (its route family and hosted prefix
 * kept) with {@code cursor} replaced. The target is a relative reference, so it stays right
 * behind any proxy or ingress that rewrites the host.
 */
@Singleton
public class NextPageLinks {
    static final String NEXT_CURSOR = "X-Next-Cursor";

    @ServerResponseFilter
    public void link(ContainerRequestContext request, ContainerResponseContext response, RoutingContext rc) {
        Object cursor = response.getHeaders().getFirst(NEXT_CURSOR);
        if (cursor == null || !"GET".equals(request.getMethod()) || rc == null) {
            return;
        }
        response.getHeaders().putSingle("Link", "<" + withCursor(rc.request().uri(), cursor.toString()) + ">; rel=\"next\"");
    }

    /** {@code uri} (path and query as sent) with its {@code cursor} parameters replaced by one. */
    static String withCursor(String uri, String cursor) {
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        List<String> kept = new ArrayList<>();
        if (q >= 0) {
            for (String pair : uri.substring(q + 1).split("&")) {
                if (!pair.isEmpty() && !pair.equals("cursor") && !pair.startsWith("cursor=")) {
                    kept.add(pair);
                }
            }
        }
        kept.add("cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        return path + "?" + String.join("&", kept);
    }
}
