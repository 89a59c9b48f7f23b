package io.projectservice.projects;

import io.projectservice.eventstore.StreamHead;
import io.projectservice.security.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * Where the shares are kept (the sharing package implements it): projects asks it only for the
 * share that lets a caller in, so access is decided here without depending on how shares work.
 */
public interface ShareGrants {
    /** The usable share that lets {@code caller} into the project at {@code head}, or null. */
    Uni<? extends ShareGrant> grant(SqlClient client, StreamHead head, Caller caller);
}
