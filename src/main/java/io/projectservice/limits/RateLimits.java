package io.projectservice.limits;

import io.projectservice.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The per-caller limits of this replica: a token bucket of requests per caller, and a count of
 * the caller's create-from-context requests in flight. Only verified identities have buckets, so
 * a forged token naming someone cannot spend their budget. Memory is bounded: at most
 * {@code max-callers} buckets (least recently seen dropped first), and an upload count exists
 * only while its caller has uploads in flight.
 */
@ApplicationScoped
public class RateLimits {
    private final RateLimitConfig config;
    private final LongSupplier clock;
    private final LinkedHashMap<CallerKey, TokenBucket> buckets = new LinkedHashMap<>(1024, 0.75f, true);
    private final ConcurrentHashMap<CallerKey, Integer> uploads = new ConcurrentHashMap<>();

    /** A caller as the limits see it: the organization (may be null) and the username. */
    record CallerKey(String organization, String username) {
        static CallerKey of(Caller caller) {
            return new CallerKey(caller.organization(), caller.username());
        }
    }

    /** The limits that apply to one caller: its organization's tier, or the defaults. */
    public record Policy(double requestsPerSecond, int burst, int concurrentUploads) {
        /** The window in which {@code burst} requests are allowed at the sustained rate, whole seconds. */
        public long windowSeconds() {
            return Math.max(1, (long) Math.ceil(burst / requestsPerSecond - 1e-9));
        }
    }

    @Inject
    public RateLimits(RateLimitConfig config) {
        this(config, System::nanoTime);
    }

    RateLimits(RateLimitConfig config, LongSupplier clock) {
        this.config = config;
        this.clock = clock;
    }

    public Policy policy(Caller caller) {
        RateLimitConfig.Tier tier = caller.organization() == null ? null
                : config.organizations().get(caller.organization());
        if (tier == null) {
            return new Policy(config.requestsPerSecond(), config.burst(), config.concurrentUploads());
        }
        return new Policy(tier.requestsPerSecond().orElse(config.requestsPerSecond()),
                tier.burst().orElse(config.burst()), tier.concurrentUploads().orElse(config.concurrentUploads()));
    }

    /** Takes one request from the caller's bucket. */
    public RateDecision request(Caller caller, Policy policy) {
        CallerKey key = CallerKey.of(caller);
        long now = clock.getAsLong();
        synchronized (buckets) {
            TokenBucket bucket = buckets.get(key);
            if (bucket == null) {
                makeRoom(now);
                bucket = new TokenBucket(policy.burst(), now);
                buckets.put(key, bucket);
            }
            return bucket.take(now, policy.requestsPerSecond(), policy.burst());
        }
    }

    /**
     * Drops buckets that have refilled (they hold nothing), oldest first, until there is room; when
     * every bucket is in use the least recently seen one goes anyway, which gives that caller a
     * fresh burst: at most one per caller dropped, and only past {@code max-callers} active callers.
     */
    private void makeRoom(long now) {
        if (buckets.size() < config.maxCallers()) {
            return;
        }
        var it = buckets.entrySet().iterator();
        int examined = 0;
        while (it.hasNext() && buckets.size() >= config.maxCallers() && examined++ < 64) {
            Map.Entry<CallerKey, TokenBucket> eldest = it.next();
            Policy p = policyOf(eldest.getKey());
            if (eldest.getValue().full(now, p.requestsPerSecond(), p.burst())) {
                it.remove();
            }
        }
        if (buckets.size() >= config.maxCallers()) {
            it = buckets.entrySet().iterator();
            it.next();
            it.remove();
        }
    }

    private Policy policyOf(CallerKey key) {
        return policy(new Caller(key.username(), key.organization(), java.util.Set.of()));
    }

    int size() {
        synchronized (buckets) {
            return buckets.size();
        }
    }

    /** Takes one of the caller's upload slots; false when all are in use. Give it back with {@link #endUpload}. */
    public boolean startUpload(Caller caller, Policy policy) {
        boolean[] taken = {false};
        uploads.compute(CallerKey.of(caller), (k, n) -> {
            int inFlight = n == null ? 0 : n;
            if (inFlight >= policy.concurrentUploads()) {
                return n;
            }
            taken[0] = true;
            return inFlight + 1;
        });
        return taken[0];
    }

    public void endUpload(Caller caller) {
        uploads.computeIfPresent(CallerKey.of(caller), (k, n) -> n <= 1 ? null : n - 1);
    }

    int uploadsInFlight(Caller caller) {
        return uploads.getOrDefault(CallerKey.of(caller), 0);
    }
}
