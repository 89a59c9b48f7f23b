package io.projectservice.pipeline;

import io.projectservice.config.ServiceConfig;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the pipeline behind {@code list}. An instance running the relay or the projector
 * reports DOWN, with the reason, when the pipeline does not flow:
 * <ul>
 * <li>more than {@code projects.list.max-lag-for-readiness} events wait for the relay, or records
 * for the projector (the partition marks of V9__pipeline_marks.sql);
 * <li>the next event the relay has to publish was appended longer than
 * {@code projects.pipeline.max-delay} ago (the relay is stuck: Kafka refuses, a replica holds the
 * lease and does not publish, a long transaction holds the relay back);
 * <li>this instance's relay or projector has been failing for longer than that bound, or records
 * have waited for the projector that long without it moving.
 * </ul>
 * Everything is read from an index or a few rows, whatever the log's size. The data also names
 * the dead letters (how many, the newest and why): a dead letter does not take readiness down
 * (the pipeline flows past it), the alert on {@code projects_dead_letters_total} calls for a look.
 * An instance that runs neither role reports UP with {@code used=false}: every API replica reads the
 * same view, so taking them out of the Service for a lagging view would turn stale lists (which
 * {@code list} marks) into no answers at all.
 */
@Readiness
@ApplicationScoped
public class PipelineHealth implements AsyncHealthCheck {
    private static final String NAME = "Event pipeline (relay and list projection)";

    private final Pool pool;
    private final ServiceConfig config;
    private final EventRelay relay;
    private final EventsProjector projector;
    private final int threshold;
    private final Duration maxDelay;
    /** Since when records have waited for the projector without its marks moving (null: none wait). */
    private Waiting projectorWaiting;

    private record Waiting(long applied, Instant since) {
    }

    public PipelineHealth(Pool pool, ServiceConfig config, EventRelay relay, EventsProjector projector) {
        this.pool = pool;
        this.config = config;
        this.relay = relay;
        this.projector = projector;
        this.threshold = config.list().maxLagForReadiness();
        this.maxDelay = config.pipeline().maxDelay();
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        if (!config.runs("relay") && !config.runs("projector")) {
            return Uni.createFrom().item(HealthCheckResponse.named(NAME).up()
                    .withData("used", false).withData("roles", String.join(",", config.roles())).build());
        }
        return measure();
    }

    /**
     * The pipeline's position read from the database, whatever this replica runs: what readiness
     * judges on a relay or projector replica, and what the operator's console shows from any
     * replica (in Kubernetes the API pods run neither part).
     */
    public Uni<HealthCheckResponse> measure() {
        return pool.preparedQuery("SELECT"
                + " (SELECT count(*) FROM (" + RelayCheckpoints.unpublishedEvents("$1") + ") AS r),"
                + " (" + ListFreshness.recordsNotApplied(2) + "),"
                + " (" + ListFreshness.appliedSum(2) + ")::bigint,"
                + " (SELECT extract(epoch FROM clock_timestamp() - e.recorded_at)::float8 FROM relay_checkpoints c,"
                + "   LATERAL (SELECT recorded_at FROM project_events e"
                + "   WHERE (e.tx_id, e.global_position) > (c.last_tx_id, c.last_position)"
                + "   ORDER BY e.tx_id, e.global_position LIMIT 1) e WHERE c.name = 'events'),"
                + " (SELECT count(*) FROM dead_letters),"
                + " (SELECT recorded_at || ': ' || stage || ' ' || reason || coalesce(' (project ' || stream_id"
                + "   || ' version ' || version || ')', '') FROM dead_letters ORDER BY id DESC LIMIT 1)")
                .execute(Tuple.of(threshold + 1, config.kafka().eventsTopic()))
                .map(rows -> judge(rows.iterator().next(), Instant.now()))
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named(NAME).down()
                        .withData("reason", "cannot read the pipeline's position: " + e.getMessage()).build());
    }

    private HealthCheckResponse judge(Row row, Instant now) {
        long relayLag = row.getLong(0);
        long projectionLag = row.getLong(1);
        Double oldest = row.getDouble(3);
        List<String> problems = new ArrayList<>();
        HealthCheckResponseBuilder b = HealthCheckResponse.named(NAME)
                .withData("unpublished_events", relayLag)
                .withData("records_not_in_list", projectionLag)
                .withData("threshold", threshold)
                .withData("max_delay_seconds", maxDelay.toSeconds())
                .withData("oldest_unpublished_seconds", oldest == null ? 0 : Math.round(oldest))
                .withData("dead_letters", row.getLong(4));
        if (row.getString(5) != null) {
            b.withData("newest_dead_letter", row.getString(5));
        }
        if (relayLag > threshold) {
            problems.add("more than " + threshold + " events wait for the relay");
        }
        if (projectionLag > threshold) {
            problems.add(projectionLag + " records wait for the projector, more than " + threshold);
        }
        if (oldest != null && oldest > maxDelay.toMillis() / 1000.0) {
            problems.add(String.format("the next event to publish was appended %.0f s ago", oldest));
        }
        if (config.runs("relay")) {
            failing(b, problems, "relay", relay.failingSince(), now);
        }
        if (config.runs("projector")) {
            failing(b, problems, "projector", projector.failingSince(), now);
            Duration waiting = projectorWaiting(projectionLag, row.getLong(2), now);
            b.withData("projector_waiting_seconds", waiting.toSeconds());
            if (waiting.compareTo(maxDelay) > 0) {
                problems.add("records have waited " + waiting.toSeconds() + " s for the projector, which has not moved");
            }
        }
        if (!problems.isEmpty()) {
            b.withData("reason", String.join("; ", problems) + " (bounds: " + threshold + " records, "
                    + maxDelay.toSeconds() + " s)");
        }
        return b.status(problems.isEmpty()).build();
    }

    private void failing(HealthCheckResponseBuilder b, List<String> problems, String part, Instant since, Instant now) {
        if (since == null) {
            return;
        }
        Duration failing = Duration.between(since, now);
        b.withData(part + "_failing_seconds", failing.toSeconds());
        if (failing.compareTo(maxDelay) > 0) {
            problems.add("the " + part + " has been failing for " + failing.toSeconds() + " s");
        }
    }

    /** How long records have waited for the projector while its marks stayed where they were. */
    private synchronized Duration projectorWaiting(long lag, long applied, Instant now) {
        if (lag == 0) {
            projectorWaiting = null;
            return Duration.ZERO;
        }
        if (projectorWaiting == null || projectorWaiting.applied() != applied) {
            projectorWaiting = new Waiting(applied, now);
        }
        return Duration.between(projectorWaiting.since(), now);
    }
}
