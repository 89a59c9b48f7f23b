package io.projectservice.api;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.projectservice.config.ServiceConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * How much heap the request bodies in flight may take together. A body costs more than its
 * bytes: {@link BodyLimit} keeps the bytes, the REST layer builds a tree from them (about 48 bytes
 * per JSON token, measured with Jackson 2.21: 42 for {@code {}}, 67 for typical rows, plus the
 * text itself), and the events it becomes are written out as text again. So a body reserves
 * {@value #BYTE_COST} bytes per byte and {@value #TOKEN_COST} per token, as it streams in, and
 * gives them back when its response has been sent.
 *
 * <p>Bodies that cost more than {@value #SMALL} bytes ("large") may fill only
 * {@value #LARGE_SHARE_PERCENT}% of the budget, and the rest is kept for small ones (most saves),
 * which may also use whatever the large ones leave: a flood of large bodies never starves small
 * requests. One large body is admitted whatever its cost when no other large one is in flight, so
 * the largest legal request can always pass. Whatever the budget refuses gets a 503 with
 * Retry-After, before it is read when it declares its length.
 */
@Singleton
public class BodyBudget {
    static final int BYTE_COST = 3;
    static final int TOKEN_COST = 48;
    static final long SMALL = 64 * 1024;
    static final int LARGE_SHARE_PERCENT = 75;

    private final long budget;
    private final long largeCap;
    private final long smallShare;
    private long small;
    private long large;
    private int largeTickets;

    @Inject
    public BodyBudget(ServiceConfig config, MeterRegistry metrics) {
        this(config.limits().bodyMemoryBudget().orElse(Runtime.getRuntime().maxMemory() / 10 * 4), metrics);
    }

    BodyBudget(long budget, MeterRegistry metrics) {
        this.budget = budget;
        this.largeCap = budget / 100 * LARGE_SHARE_PERCENT;
        this.smallShare = budget - largeCap;
        Gauge.builder("projects.body.in.flight", this, BodyBudget::reserved).baseUnit("bytes")
                .description("Estimated heap held by request bodies in flight (api/BodyBudget)").register(metrics);
        Gauge.builder("projects.body.budget", this, b -> b.budget).baseUnit("bytes")
                .description("The most estimated heap request bodies in flight may hold").register(metrics);
    }

    /** One body's share of the budget. */
    public final class Ticket {
        private long reserved;
        private boolean large;
        private boolean closed;

        /** Takes {@code bytes} more for this body; false (and nothing taken) when the budget has no room. */
        public boolean reserve(long bytes) {
            return take(this, bytes);
        }

        /** Gives everything back; later calls do nothing. */
        public void close() {
            if (!closed) {
                closed = true;
                giveBack(this);
            }
        }
    }

    public Ticket open() {
        return new Ticket();
    }

    public long budget() {
        return budget;
    }

    synchronized long reserved() {
        return small + large;
    }

    private synchronized boolean take(Ticket t, long bytes) {
        if (t.closed) {
            return false;
        }
        long total = small + large + bytes;
        if (!t.large && t.reserved + bytes <= SMALL) {
            if (small + bytes > smallShare && total > budget) {
                return false;
            }
            small += bytes;
            t.reserved += bytes;
            return true;
        }
        // large, or becoming large: its whole reservation moves to the large ones
        long moved = t.large ? 0 : t.reserved;
        boolean alone = largeTickets == (t.large ? 1 : 0);
        if (!alone && (large + moved + bytes > largeCap || total > budget)) {
            return false;
        }
        if (!t.large) {
            t.large = true;
            largeTickets++;
            small -= moved;
            large += moved;
        }
        large += bytes;
        t.reserved += bytes;
        return true;
    }

    private synchronized void giveBack(Ticket t) {
        if (t.large) {
            large -= t.reserved;
            largeTickets--;
            t.large = false;
        } else {
            small -= t.reserved;
        }
        t.reserved = 0;
    }
}
