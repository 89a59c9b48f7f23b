package io.projectservice.readmodel;

import io.projectservice.config.ServiceConfig;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the pipeline behind {@code list}: events the relay has not published yet, and
 * projects whose read-model row is behind the log. Over the threshold the instance reports
 * DOWN, so a load balancer prefers replicas whose lists are fresh.
 */
@Readiness
@ApplicationScoped
public class PipelineHealth implements AsyncHealthCheck {
    private final Pool pool;
    private final int threshold;

    public PipelineHealth(Pool pool, ServiceConfig config) {
        this.pool = pool;
        this.threshold = config.list().maxLagForReadiness();
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return pool.preparedQuery("SELECT"
                + " (SELECT count(*) FROM (SELECT 1 FROM project_events e, relay_checkpoints c WHERE c.name = 'events'"
                + "   AND (e.tx_id, e.global_position) > (c.last_tx_id, c.last_position) LIMIT $1) AS r),"
                + " (SELECT count(*) FROM (SELECT 1 FROM project_streams s LEFT JOIN project_list_view v"
                + "   ON v.project_id = s.stream_id WHERE v.version IS DISTINCT FROM s.version LIMIT $1) AS p)")
                .execute(Tuple.of(threshold + 1))
                .map(rows -> {
                    var row = rows.iterator().next();
                    long relayLag = row.getLong(0);
                    long projectionLag = row.getLong(1);
                    return HealthCheckResponse.named("Event pipeline (relay and list projection)")
                            .status(relayLag <= threshold && projectionLag <= threshold)
                            .withData("unpublished_events", relayLag)
                            .withData("projects_behind_in_list", projectionLag)
                            .withData("threshold", threshold)
                            .build();
                });
    }
}
