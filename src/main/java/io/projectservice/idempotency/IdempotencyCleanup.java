package io.projectservice.idempotency;

import io.projectservice.config.ServiceConfig;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** Deletes expired Idempotency-Keys now and then. Every replica may run it: the delete is idempotent. */
@ApplicationScoped
public class IdempotencyCleanup {
    private static final Logger LOG = Logger.getLogger(IdempotencyCleanup.class);

    private final IdempotencyKeys keys;
    private final ServiceConfig config;
    private final Vertx vertx;

    public IdempotencyCleanup(IdempotencyKeys keys, ServiceConfig config, Vertx vertx) {
        this.keys = keys;
        this.config = config;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.runs("api")) {
            vertx.setPeriodic(config.idempotency().cleanupInterval().toMillis(), id -> keys.deleteExpired()
                    .subscribe().with(n -> LOG.debugf("deleted %d expired idempotency keys", n),
                            e -> LOG.warnf("could not delete expired idempotency keys: %s", e.getMessage())));
        }
    }
}
