package io.projectservice.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.projectservice.security.Caller;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The per-caller buckets on a clock the test moves, with their real defaults where not overridden. */
class RateLimitsTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void aBucketAllowsItsBurstThenOneRequestPerTokenRefilled() {
        RateLimits limits = limits(Map.of("projects.rate-limit.requests-per-second", "10",
                "projects.rate-limit.burst", "20"));
        Caller ann = caller("ann", "acme");
        RateLimits.Policy policy = limits.policy(ann);
        assertEquals(2, policy.windowSeconds(), "20 requests per 2 s is 10 per second");
        for (int i = 19; i >= 0; i--) {
            RateDecision d = limits.request(ann, policy);
            assertTrue(d.allowed());
            assertEquals(i, d.remaining());
        }
        RateDecision refused = limits.request(ann, policy);
        assertFalse(refused.allowed());
        assertEquals(1, refused.retryAfterSeconds(), "a token comes back within 0.1 s: retry after 1 s");
        assertEquals(2, refused.resetSeconds(), "full again after 2 s");
        advance(Duration.ofMillis(100));
        assertTrue(limits.request(ann, policy).allowed(), "one token refilled");
        assertFalse(limits.request(ann, policy).allowed());
        // another caller, even of the same organization, has a full bucket of its own
        assertTrue(limits.request(caller("bob", "acme"), policy).allowed());
        assertTrue(limits.request(caller("ann", "globex"), policy).allowed());
    }

    @Test
    void anOrganizationsTierReplacesTheDefaults() {
        RateLimits limits = limits(Map.of("projects.rate-limit.organizations.slow.requests-per-second", "0.5",
                "projects.rate-limit.organizations.slow.concurrent-uploads", "1"));
        RateLimits.Policy slow = limits.policy(caller("ann", "slow"));
        assertEquals(0.5, slow.requestsPerSecond());
        assertEquals(200, slow.burst(), "not overridden: the default");
        assertEquals(1, slow.concurrentUploads());
        assertEquals(400, slow.windowSeconds());
        assertEquals(new RateLimits.Policy(100, 200, 4), limits.policy(caller("ann", "acme")));
        assertEquals(new RateLimits.Policy(100, 200, 4), limits.policy(caller("ann", null)));
    }

    @Test
    void anOrganizationsTierCanComeFromTheEnvironment() {
        // as reliability/run.sh sets it for the rate-limit scenario
        RateLimitConfig config = new SmallRyeConfigBuilder().withMapping(RateLimitConfig.class)
                .withSources(new EnvConfigSource(Map.of("PROJECTS_RATE_LIMIT_ORGANIZATIONS_RELRATE_REQUESTS_PER_SECOND",
                        "4", "PROJECTS_RATE_LIMIT_ORGANIZATIONS_RELRATE_BURST", "8"), 300))
                .build().getConfigMapping(RateLimitConfig.class);
        RateLimits limits = new RateLimits(config, now::get);
        assertEquals(new RateLimits.Policy(4, 8, 4), limits.policy(caller("ann", "relrate")));
        assertEquals(new RateLimits.Policy(100, 200, 4), limits.policy(caller("ann", "acme")));
    }

    @Test
    void settingsThatCannotWorkAreNamedAtStartup() {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().withMapping(RateLimitConfig.class)
                .withMapping(QuotaConfig.class).withConverter(Duration.class, 100, new DurationConverter())
                .withDefaultValues(Map.of("projects.rate-limit.organizations.acme.requests-per-second", "0",
                        "projects.quota.organizations.globex.projects", "-1"));
        var config = builder.build();
        LimitSettings settings = new LimitSettings(config.getConfigMapping(RateLimitConfig.class),
                config.getConfigMapping(QuotaConfig.class));
        var problems = settings.problems();
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("projects.rate-limit.organizations.acme: requests-per-second must be"));
        assertTrue(problems.get(1).startsWith("projects.quota.organizations.globex: projects, stored-bytes"));
        var defaults = new SmallRyeConfigBuilder().withMapping(RateLimitConfig.class).withMapping(QuotaConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter()).build();
        assertEquals(List.of(), new LimitSettings(defaults.getConfigMapping(RateLimitConfig.class),
                defaults.getConfigMapping(QuotaConfig.class)).problems(), "the defaults are fine");
    }

    @Test
    void aFloodOfIdentitiesKeepsAtMostMaxCallersAndNeverResetsAnActiveCaller() {
        RateLimits limits = limits(Map.of("projects.rate-limit.max-callers", "100",
                "projects.rate-limit.requests-per-second", "1", "projects.rate-limit.burst", "3"));
        Caller busy = caller("busy", "acme");
        RateLimits.Policy policy = limits.policy(busy);
        for (int i = 0; i < 3; i++) {
            assertTrue(limits.request(busy, policy).allowed());
        }
        assertFalse(limits.request(busy, policy).allowed(), "busy spent its bucket");
        // 50 new identities a second, 1,000 in all, while busy keeps sending
        for (int wave = 0; wave < 20; wave++) {
            for (int j = 0; j < 50; j++) {
                limits.request(caller("flood-" + wave + "-" + j, "flood"), policy);
                assertTrue(limits.size() <= 100, "never more than max-callers buckets: " + limits.size());
            }
            advance(Duration.ofSeconds(1));
            assertTrue(limits.request(busy, policy).allowed(), "one token a second");
            assertFalse(limits.request(busy, policy).allowed(), "and no more: busy's bucket was never dropped");
        }
    }

    @Test
    void fullBucketsAreDroppedBeforeTheLeastRecentlySeenOne() {
        // callers of "quick" refill in a millisecond; busy, seen first, refills in seconds
        RateLimits limits = limits(Map.of("projects.rate-limit.max-callers", "10",
                "projects.rate-limit.requests-per-second", "1", "projects.rate-limit.burst", "3",
                "projects.rate-limit.organizations.quick.requests-per-second", "1000",
                "projects.rate-limit.organizations.quick.burst", "1"));
        Caller busy = caller("busy", "acme");
        RateLimits.Policy policy = limits.policy(busy);
        for (int i = 0; i < 3; i++) {
            limits.request(busy, policy);
        }
        for (int i = 0; i < 9; i++) {
            Caller quick = caller("quick-" + i, "quick");
            limits.request(quick, limits.policy(quick));
        }
        advance(Duration.ofMillis(10));
        for (int i = 9; i < 30; i++) {
            Caller quick = caller("quick-" + i, "quick");
            limits.request(quick, limits.policy(quick));
            advance(Duration.ofMillis(10));
        }
        assertEquals(10, limits.size());
        assertFalse(limits.request(busy, policy).allowed(), "busy, the least recently seen, kept its empty bucket");
    }

    @Test
    void uploadSlotsAreCountedPerCallerAndForgottenWhenAllAreBack() {
        RateLimits limits = limits(Map.of("projects.rate-limit.concurrent-uploads", "2"));
        Caller ann = caller("ann", "acme");
        RateLimits.Policy policy = limits.policy(ann);
        assertTrue(limits.startUpload(ann, policy));
        assertTrue(limits.startUpload(ann, policy));
        assertFalse(limits.startUpload(ann, policy));
        assertTrue(limits.startUpload(caller("bob", "acme"), policy), "bob has slots of his own");
        limits.endUpload(ann);
        assertTrue(limits.startUpload(ann, policy));
        limits.endUpload(ann);
        limits.endUpload(ann);
        assertEquals(0, limits.uploadsInFlight(ann));
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    private static Caller caller(String user, String org) {
        return new Caller(user, org, Set.of());
    }

    private RateLimits limits(Map<String, String> overrides) {
        return new RateLimits(limitsConfig(overrides), now::get);
    }

    private static RateLimitConfig limitsConfig(Map<String, String> overrides) {
        return new SmallRyeConfigBuilder().withMapping(RateLimitConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter()).withDefaultValues(overrides).build()
                .getConfigMapping(RateLimitConfig.class);
    }
}
