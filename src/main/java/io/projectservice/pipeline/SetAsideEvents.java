package io.projectservice.pipeline;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * What is fed from the event topic and must learn another way of an event the relay set aside
 * (dead-lettered) instead of publishing: the list view (readmodel/ListRepair). Called in the
 * relay's transaction, the one that moves its checkpoint past the event.
 */
public interface SetAsideEvents {

    /** The event {@code version} of {@code streamId} will never be on the event topic. */
    Uni<Void> setAside(SqlConnection tx, String streamId, int version);
}
