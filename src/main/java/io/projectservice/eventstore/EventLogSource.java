package io.projectservice.eventstore;

import io.projectservice.config.ServiceConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

/** The event log, published as CloudEvents to the events topic, keyed by project id. */
@ApplicationScoped
public class EventLogSource implements RelaySource {
    private final EventStore store;
    private final ServiceConfig config;

    public EventLogSource(EventStore store, ServiceConfig config) {
        this.store = store;
        this.config = config;
    }

    @Override
    public String checkpoint() {
        return "events";
    }

    @Override
    public String topic() {
        return config.kafka().eventsTopic();
    }

    @Override
    public String contentType() {
        return "application/cloudevents+json";
    }

    @Override
    public Uni<EventStore.Batch<Outgoing>> readCommittedAfter(SqlConnection tx, EventStore.RelayCheckpoint after,
            int limit) {
        return store.readCommittedAfter(tx, after, limit).map(batch -> new EventStore.Batch<>(batch.items().stream()
                .map(c -> new Outgoing(c.event().streamId(), CloudEvents.of(c.event()).toString(), c.event().type(),
                        c.event().recordedAt(), c.order()))
                .toList(), batch.end()));
    }
}
