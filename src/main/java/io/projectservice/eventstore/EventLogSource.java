package io.projectservice.eventstore;

import io.projectservice.config.ServiceConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

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
            int limit, int maxBytes) {
        return store.readCommittedAfter(tx, after, limit, maxBytes).map(batch -> {
            List<Outgoing> out = new ArrayList<>(batch.items().size());
            for (EventStore.Unpublished u : batch.items()) {
                CloudEvents.Envelope e = u.envelope();
                out.add(new Outgoing(e.subject(), e.encode(u.data()), e.type(), e.time(), u.order(),
                        new Event(e.subject(), e.sequence(), e.id(), e.position(), e.encodeWithoutData())));
            }
            return new EventStore.Batch<>(out, batch.end());
        });
    }
}
