package io.projectservice.api;

import io.projectservice.config.JsonCodec;
import io.projectservice.errors.Refusal;
import io.projectservice.idempotency.IdempotencyClaim;
import io.projectservice.idempotency.IdempotencyKeys;
import io.projectservice.security.Caller;
import io.projectservice.security.Callers;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.core.multipart.FormData;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

/**
 * {@code Idempotency-Key} on any POST. Before the resource runs (after the body is read): claim
 * the key for the caller, or answer the response the first request with that key and the same
 * method, canonical path and body got, or 422 when the body differs. After it: keep a success
 * for retries; forget a failure that committed nothing, so its retry runs again.
 */
@Singleton
public class IdempotencyFilter {
    public static final String HEADER = "Idempotency-Key";
    /** Routing-context key of this request's {@link IdempotencyClaim}. */
    public static final String CLAIM = "idempotency.claim";
    private static final Logger LOG = Logger.getLogger(IdempotencyFilter.class);
    private static final Pattern SANE_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    // application-scoped beans are proxies, resolved per call: filters are built before runtime config
    private final IdempotencyKeys keys;
    private final Callers callers;
    private final JsonCodec json;

    public IdempotencyFilter(IdempotencyKeys keys, Callers callers, JsonCodec json) {
        this.keys = keys;
        this.callers = callers;
        this.json = json;
    }

    @ServerRequestFilter
    @WithFormRead
    public Uni<Response> claim(ResteasyReactiveContainerRequestContext ctx, RoutingContext rc) {
        String key = ctx.getHeaderString(HEADER);
        if (!"POST".equals(ctx.getMethod()) || key == null) {
            return Uni.createFrom().nullItem();
        }
        if (!SANE_KEY.matcher(key).matches()) {
            throw Refusal.invalid("idempotency_key_invalid",
                    "Header 'Idempotency-Key' must be 1 to 255 visible ASCII characters");
        }
        Caller caller = callers.current();
        String hash = requestHash(ctx);
        return keys.acquire(caller.username(), caller.organization(), key, hash).map(outcome -> {
            if (outcome instanceof IdempotencyKeys.Claimed claimed) {
                rc.put(CLAIM, claimed.claim());
                return null;
            }
            var replay = (IdempotencyKeys.Replay) outcome;
            var response = Response.status(replay.status()).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(replay.body()).header("Idempotent-Replayed", "true");
            if (replay.etag() != null) {
                response.header("ETag", replay.etag());
            }
            return response.build();
        });
    }

    @ServerResponseFilter
    public Uni<Void> remember(ContainerResponseContext response, RoutingContext rc) {
        IdempotencyClaim claim = rc.get(CLAIM);
        if (claim == null) {
            return Uni.createFrom().voidItem();
        }
        rc.remove(CLAIM);
        int status = response.getStatus();
        String body = json.write(response.getEntity());
        String etag = response.getHeaderString("ETag");
        Uni<Void> kept = status >= 200 && status < 300 ? keys.complete(claim, status, body, etag)
                : keys.release(claim).flatMap(released -> released ? Uni.createFrom().voidItem()
                        : keys.complete(claim, status, body, etag));
        // the client still gets its answer; a retry then finds the key pending and is told so
        return kept.onFailure().recoverWithUni(e -> {
            LOG.warnf("could not keep the response for Idempotency-Key %s: %s", claim.key(), e.getMessage());
            return Uni.createFrom().voidItem();
        });
    }

    /**
     * The body; the resource then gets a fresh stream over the same bytes. {@link WithFormRead}
     * runs this filter after the body was read: into memory, or (past the input buffer size) as a
     * stream with the rest of the request moved to a worker thread, where reading may block. An
     * endpoint without a body parameter (none takes POSTs today) hashes as empty rather than
     * block the event loop.
     */
    private static byte[] body(ContainerRequestContext ctx) {
        InputStream in = ctx.getEntityStream();
        if (in == null || !(in instanceof ByteArrayInputStream) && Context.isOnEventLoopThread()) {
            return new byte[0];
        }
        byte[] body;
        try {
            body = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ctx.setEntityStream(new ByteArrayInputStream(body));
        return body;
    }

    /**
     * Form posts (create-from-context) arrive parsed, not as a body stream: their fields count
     * whole, each file by name, size and its first 64 KiB (a bounded read, as this may run on the
     * event loop; the upload itself is hashed in full when it is stored).
     */
    private static void form(ContainerRequestContext ctx, MessageDigest sha) {
        if (!(ctx instanceof ResteasyReactiveContainerRequestContext rr)
                || !(rr.getServerRequestContext() instanceof ResteasyReactiveRequestContext request)
                || request.getFormData() == null) {
            return;
        }
        FormData form = request.getFormData();
        for (String name : form) {
            for (FormValue value : form.get(name)) {
                sha.update(("\n" + name + "=").getBytes(StandardCharsets.UTF_8));
                if (!value.isFileItem()) {
                    sha.update(Objects.toString(value.getValue(), "").getBytes(StandardCharsets.UTF_8));
                    continue;
                }
                try (InputStream in = value.getFileItem().getInputStream()) {
                    sha.update((value.getFileName() + ":" + value.getFileItem().getFileSize() + ":")
                            .getBytes(StandardCharsets.UTF_8));
                    sha.update(in.readNBytes(64 * 1024));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    /** SHA-256 of the method, the canonical path and query (both layouts and prefixes alike) and the body. */
    private static String requestHash(ContainerRequestContext ctx) {
        byte[] body = body(ctx);
        URI uri = ctx.getUriInfo().getRequestUri();
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String target = uri.getRawPath() + "?" + Objects.toString(uri.getRawQuery(), "");
            sha.update((ctx.getMethod() + " " + target + "\n").getBytes(StandardCharsets.UTF_8));
            sha.update(body);
            form(ctx, sha);
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
