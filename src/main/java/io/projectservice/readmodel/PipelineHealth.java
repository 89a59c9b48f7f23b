package io.projectservice.readmodel;

import io.projectservice.config.ServiceConfig;
import io.projectservice.eventstore.EventStore;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the pipeline behind {@code list}: events the relay has not published yet, and
 * records it published that the projector has not applied (the partition marks of
 * V9__pipeline_marks.sql). Both are read from an index or a few rows, whatever the log's size.
 * Over the threshold an instance running the relay or the projector reports DOWN. An instance that runs neither reports UP with
 * {@code used=false}: every API replica reads the same view, so taking them out of the Service for
 * a lagging view would turn stale lists (which {@code list} marks) into no answers at all.
 */
@Readiness
@ApplicationScoped
public class PipelineHealth implements AsyncHealthCheck {
    private static final String NAME = "Event pipeline (relay and list projection)";

    private final Pool pool;
    private final ServiceConfig config;
    private final int threshold;

    public PipelineHealth(Pool pool, ServiceConfig config) {
        this.pool = pool;
        this.config = config;
        this.threshold = config.list().maxLagForReadiness();
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        if (!config.runs("relay") && !config.runs("projector")) {
            return Uni.createFrom().item(HealthCheckResponse.named(NAME).up()
                    .withData("used", false).withData("roles", String.join(",", config.roles())).build());
        }
        return pool.preparedQuery("SELECT"
                + " (SELECT count(*) FROM (" + EventStore.unpublishedEvents("$1") + ") AS r),"
                + " (SELECT coalesce(sum(greatest(r.next_offset - coalesce(p.next_offset, 0), 0)), 0)"
                + "   FROM relay_partition_marks r LEFT JOIN projector_partition_marks p"
                + "   ON p.topic = r.topic AND p.partition = r.partition WHERE r.topic = $2)")
                .execute(Tuple.of(threshold + 1, config.kafka().eventsTopic()))
                .map(rows -> {
                    var row = rows.iterator().next();
                    long relayLag = row.getLong(0);
                    long projectionLag = row.getLong(1);
                    return HealthCheckResponse.named(NAME)
                            .status(relayLag <= threshold && projectionLag <= threshold)
                            .withData("unpublished_events", relayLag)
                            .withData("records_not_in_list", projectionLag)
                            .withData("threshold", threshold)
                            .build();
                })
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named(NAME).down()
                        .withData("reason", "cannot read the pipeline's position: " + e.getMessage()).build());
    }
}
