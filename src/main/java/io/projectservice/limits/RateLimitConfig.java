package io.projectservice.limits;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Per-caller limits (prefix {@code projects.rate-limit}): a token bucket of requests per
 * authenticated caller (organization and username), and how many create-from-context requests
 * one caller may have in flight. Each API replica keeps its own buckets: with N replicas a
 * caller whose requests are spread over all of them gets up to N times these rates.
 */
@ConfigMapping(prefix = "projects.rate-limit")
public interface RateLimitConfig {

    /** Sustained requests per second per caller. */
    @WithDefault("100")
    double requestsPerSecond();

    /** Requests a caller may send at once after being idle (the bucket's size). */
    @WithDefault("200")
    int burst();

    /** create-from-context requests one caller may have in flight (upload, analysis, answer). */
    @WithDefault("4")
    int concurrentUploads();

    /**
     * Callers whose buckets are kept. Past it the least recently seen caller's bucket is dropped;
     * a bucket idle for burst / rate seconds is full anyway, so nothing is lost unless more than
     * this many callers were active within that time.
     */
    @WithDefault("50000")
    int maxCallers();

    /** Other limits for every caller of an organization (e.g. {@code organizations.acme.burst=500}). */
    Map<String, Tier> organizations();

    interface Tier {
        OptionalDouble requestsPerSecond();

        OptionalInt burst();

        OptionalInt concurrentUploads();
    }
}
