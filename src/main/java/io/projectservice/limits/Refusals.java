package io.projectservice.limits;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code projects_requests_refused_total{reason}}: every request refused by a rate limit or a
 * quota, by reason. All reasons are registered at 0, so an alert can compare rates from the start.
 */
@ApplicationScoped
public class Refusals {
    public enum Reason {
        RATE_LIMITED, CONCURRENT_UPLOADS, QUOTA_PROJECTS, QUOTA_BYTES, QUOTA_SNAPSHOTS;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Map<Reason, Counter> counters = new EnumMap<>(Reason.class);

    public Refusals(MeterRegistry metrics) {
        for (Reason reason : Reason.values()) {
            counters.put(reason, Counter.builder("projects.requests.refused").tag("reason", reason.label())
                    .description("Requests refused by a rate limit or a quota").register(metrics));
        }
    }

    public void count(Reason reason) {
        counters.get(reason).increment();
    }
}
