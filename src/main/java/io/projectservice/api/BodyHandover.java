package io.projectservice.api;

import io.netty.buffer.ByteBuf;
import io.quarkus.resteasy.reactive.server.runtime.ResteasyReactiveRecorder;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.io.ByteArrayInputStream;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.handlers.NonBlockingHandler;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;
import org.jboss.resteasy.reactive.server.spi.ServerRestHandler;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Gives the REST layer the body {@link BodyLimit} has read, instead of its own reading (which
 * would find the request already ended). Like that reading, a large body is parsed on a worker
 * thread, not on the event loop: the rest of the request moves there until the body is
 * deserialized, then back (the endpoints that take a body return to the event loop after it).
 */
@Singleton
public class BodyHandover {
    /** Quarkus REST parses bodies above its input buffer (10 KiB by default) off the event loop too. */
    private static final int PARSE_ON_WORKER_ABOVE = 16 * 1024;

    @ServerRequestFilter
    public void handOver(ResteasyReactiveContainerRequestContext ctx, RoutingContext rc) {
        Buffer body = rc.body() == null ? null : rc.body().buffer();
        if (body == null || !(ctx.getServerRequestContext() instanceof ResteasyReactiveRequestContext request)
                || request.hasInputStream()) {
            return;
        }
        ByteBuf bytes = body.getByteBuf();
        request.setInputStream(bytes.hasArray()
                ? new ByteArrayInputStream(bytes.array(), bytes.arrayOffset() + bytes.readerIndex(),
                        bytes.readableBytes())
                : new ByteArrayInputStream(body.getBytes()));
        if (body.length() > PARSE_ON_WORKER_ABOVE && Context.isOnEventLoopThread() && returnsToEventLoop(request)) {
            request.suspend();
            request.resume(ResteasyReactiveRecorder.EXECUTOR_SUPPLIER.get());
        }
    }

    private static boolean returnsToEventLoop(ResteasyReactiveRequestContext request) {
        if (request.getTarget() == null) {
            return false;
        }
        for (ServerRestHandler handler : request.getTarget().getHandlerChain()) {
            if (handler instanceof NonBlockingHandler) {
                return true;
            }
        }
        return false;
    }
}
