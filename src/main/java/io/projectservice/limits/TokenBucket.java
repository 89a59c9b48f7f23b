package io.projectservice.limits;

/**
 * A token bucket: {@code burst} tokens at most, refilled at {@code rate} per second; a request
 * takes one. Not thread-safe: {@link RateLimits} takes it under its lock.
 */
final class TokenBucket {
    private double tokens;
    private long updatedNanos;

    TokenBucket(int burst, long nowNanos) {
        this.tokens = burst;
        this.updatedNanos = nowNanos;
    }

    /** Takes a token if there is one; either way says what is left and when. */
    RateDecision take(long nowNanos, double rate, int burst) {
        refill(nowNanos, rate, burst);
        boolean allowed = tokens >= 1;
        if (allowed) {
            tokens -= 1;
        }
        long retryAfter = allowed ? 0 : Math.max(1, ceilSeconds((1 - tokens) / rate));
        return new RateDecision(allowed, (long) Math.floor(tokens), ceilSeconds((burst - tokens) / rate), retryAfter);
    }

    /** Whether the bucket has refilled completely: it then holds nothing a new bucket would not. */
    boolean full(long nowNanos, double rate, int burst) {
        refill(nowNanos, rate, burst);
        return tokens >= burst;
    }

    private void refill(long nowNanos, double rate, int burst) {
        long elapsed = nowNanos - updatedNanos;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed / 1e9 * rate);
            updatedNanos = nowNanos;
        }
    }

    private static long ceilSeconds(double seconds) {
        return (long) Math.ceil(seconds - 1e-9);
    }
}
