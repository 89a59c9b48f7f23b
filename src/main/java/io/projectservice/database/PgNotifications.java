package io.projectservice.database;

import io.quarkus.runtime.ShutdownEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * One LISTEN connection per process, shared by everything that wants a wake-up on a channel.
 * It reconnects on its own; a notification lost meanwhile is covered by each user's polling.
 */
@ApplicationScoped
public class PgNotifications {
    private static final Logger LOG = Logger.getLogger(PgNotifications.class);

    private final Vertx vertx;
    private final PgConnectOptions options;
    private PgSubscriber subscriber;

    public PgNotifications(Vertx vertx, @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") String password) {
        this.vertx = vertx;
        this.options = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", "")).setUser(user)
                .setPassword(password);
    }

    public synchronized void listen(String channel, Runnable onNotification) {
        if (subscriber == null) {
            subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(attempt -> 1000L);
            subscriber.closeHandler(() -> LOG.debug("LISTEN connection closed"));
            subscriber.connect().subscribe().with(ok -> LOG.debug("LISTEN connection open"),
                    e -> LOG.warnf("LISTEN connection failed (polling covers it): %s", e.getMessage()));
        }
        subscriber.channel(channel).handler(payload -> onNotification.run());
    }

    synchronized void close(@Observes ShutdownEvent event) {
        if (subscriber != null) {
            subscriber.close().subscribe().with(x -> { }, e -> { });
        }
    }
}
