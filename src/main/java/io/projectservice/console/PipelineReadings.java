package io.projectservice.console;

import io.projectservice.analysis.jobs.AnalysisJobs;
import io.projectservice.pipeline.PipelineHealth;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The one place the console reads the pipeline's internals: relay and projection lag and dead
 * letters as the readiness check measures them ({@link PipelineHealth}, so the console and the
 * probes never disagree), and analysis jobs by state. When the pipeline's classes move, only this
 * class follows them.
 */
@ApplicationScoped
public class PipelineReadings {
    private static final List<String> STATES = List.of(AnalysisJobs.QUEUED, AnalysisJobs.EXTRACTING,
            AnalysisJobs.ANALYZING, AnalysisJobs.SUCCEEDED, AnalysisJobs.FAILED);

    // running jobs are few (a backlog at most); finished ones pile up, so only recent ones are
    // counted, through the (state, updated_at) index of V18
    private static final String JOBS_BY_STATE = """
            SELECT state, count(*) FROM analysis_jobs
            WHERE state IN ('queued', 'extracting', 'analyzing')
            GROUP BY state
            UNION ALL
            SELECT state, count(*) FROM analysis_jobs
            WHERE state IN ('succeeded', 'failed') AND updated_at > now() - make_interval(secs => $1)
            GROUP BY state
            """;

    /**
     * One reading, from the database, so any replica reads the same (a lag is null only when the
     * database could not be read); lags are counted up to {@code lagCap}, past which they read "more than".
     */
    public record Reading(Instant at, Long relayLag, Long projectionLag, Long lagCap, Long deadLetters,
            String newestDeadLetter, String problem) {
    }

    private final PipelineHealth health;
    private final Pool pool;

    public PipelineReadings(@Readiness PipelineHealth health, Pool pool) {
        this.health = health;
        this.pool = pool;
    }

    public Uni<Reading> lags() {
        return health.measure().map(PipelineReadings::reading);
    }

    private static Reading reading(HealthCheckResponse response) {
        Map<String, Object> data = response.getData().orElse(Map.of());
        Long threshold = number(data.get("threshold"));
        return new Reading(Instant.now(), number(data.get("unpublished_events")), number(data.get("records_not_in_list")),
                threshold == null ? null : threshold + 1, number(data.get("dead_letters")),
                text(data.get("newest_dead_letter")), text(data.get("reason")));
    }

    /** Jobs by state, every state named (0 when none): running ones all, finished ones of the last {@code finished}. */
    public Uni<Map<String, Long>> jobsByState(Duration finished) {
        return pool.preparedQuery(JOBS_BY_STATE).execute(Tuple.of((double) finished.toSeconds())).map(rows -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            STATES.forEach(s -> counts.put(s, 0L));
            for (Row row : rows) {
                counts.put(row.getString(0), row.getLong(1));
            }
            return counts;
        });
    }

    private static Long number(Object value) {
        return value instanceof Number n ? n.longValue() : null;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
