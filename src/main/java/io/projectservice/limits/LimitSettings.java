package io.projectservice.limits;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the rate limits and quotas at startup, so a setting that cannot work (a rate of 0, a
 * negative quota) stops the service with a clear line instead of failing every request.
 */
@ApplicationScoped
public class LimitSettings {
    private final RateLimitConfig rates;
    private final QuotaConfig quotas;

    public LimitSettings(RateLimitConfig rates, QuotaConfig quotas) {
        this.rates = rates;
        this.quotas = quotas;
    }

    void check(@Observes StartupEvent event) {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Invalid rate limit or quota settings: " + String.join("; ", problems));
        }
    }

    List<String> problems() {
        List<String> problems = new ArrayList<>();
        rate(problems, "projects.rate-limit", rates.requestsPerSecond(), rates.burst(), rates.concurrentUploads());
        rates.organizations().forEach((org, tier) -> rate(problems, "projects.rate-limit.organizations." + org,
                tier.requestsPerSecond().orElse(rates.requestsPerSecond()), tier.burst().orElse(rates.burst()),
                tier.concurrentUploads().orElse(rates.concurrentUploads())));
        if (rates.maxCallers() < 1) {
            problems.add("projects.rate-limit.max-callers must be 1 or more");
        }
        quota(problems, "projects.quota", quotas.projects(), quotas.storedBytes(), quotas.snapshotsPerProject());
        quotas.organizations().forEach((org, tier) -> quota(problems, "projects.quota.organizations." + org,
                tier.projects().orElse(quotas.projects()), tier.storedBytes().orElse(quotas.storedBytes()),
                tier.snapshotsPerProject().orElse(quotas.snapshotsPerProject())));
        if (quotas.refreshInterval().isNegative() || quotas.maxOrganizations() < 1) {
            problems.add("projects.quota.refresh-interval must not be negative and max-organizations must be 1 or more");
        }
        return problems;
    }

    private static void rate(List<String> problems, String prefix, double perSecond, int burst, int uploads) {
        if (!(perSecond > 0) || burst < 1 || uploads < 1) {
            problems.add(prefix + ": requests-per-second must be above 0, burst and concurrent-uploads 1 or more"
                    + " (got " + perSecond + ", " + burst + ", " + uploads + ")");
        }
    }

    private static void quota(List<String> problems, String prefix, long projects, long bytes, int snapshots) {
        if (projects < 0 || bytes < 0 || snapshots < 0) {
            problems.add(prefix + ": projects, stored-bytes and snapshots-per-project must not be negative (got "
                    + projects + ", " + bytes + ", " + snapshots + ")");
        }
    }
}
