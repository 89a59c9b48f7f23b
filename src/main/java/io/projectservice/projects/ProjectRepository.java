package io.projectservice.projects;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.projectservice.config.JsonCodec;
import io.projectservice.config.ServiceConfig;
import io.projectservice.eventstore.EventStore;
import io.projectservice.eventstore.NewEvent;
import io.projectservice.eventstore.RecordedEvent;
import io.projectservice.eventstore.StreamHead;
import io.projectservice.idempotency.IdempotencyKeys;
import io.projectservice.limits.Quotas;
import io.projectservice.security.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Projects on top of the event store: state by folding (cached state plus tail) and appends. */
@ApplicationScoped
public class ProjectRepository {
    private final Pool pool;
    private final EventStore store;
    private final IdempotencyKeys idempotencyKeys;
    private final Quotas quotas;
    private final JsonCodec json;
    private final int stateCacheEvery;

    public ProjectRepository(Pool pool, EventStore store, IdempotencyKeys idempotencyKeys, Quotas quotas,
            JsonCodec json, ServiceConfig config) {
        this.pool = pool;
        this.idempotencyKeys = idempotencyKeys;
        this.quotas = quotas;
        this.store = store;
        this.json = json;
        this.stateCacheEvery = Math.max(1, config.stateSnapshotEvery());
    }

    /**
     * Runs a command's work in one transaction. {@code first} is one statement that writes nothing
     * (a stream lock with its head read, or a head read): BEGIN and it go out together, one round
     * trip instead of two; the server runs them in order, so the statement is inside the
     * transaction. {@code rest} runs only once both have succeeded, so nothing can be written outside
     * a transaction. A request holding an Idempotency-Key marks it last, in the same transaction,
     * so the key knows exactly whether anything was committed: the mark is a write, and no write may
     * come before the work's stream locks (see EventStore.lockHead); a request that no longer owns
     * its key fails there and rolls back. Any failure rolls back.
     */
    public <H, T> Uni<T> transaction(CommandContext req, Function<SqlConnection, Uni<H>> first,
            BiFunction<SqlConnection, H, Uni<T>> rest) {
        return pool.withConnection(conn -> {
            Uni<Transaction> begin = conn.begin().memoize().indefinitely();
            return Uni.combine().all().unis(begin, first.apply(conn)).collectFailures().asTuple()
                    .flatMap(started -> rest.apply(conn, started.getItem2())
                            .call(x -> idempotencyKeys.markInTransaction(conn, req.idempotency()))
                            .call(x -> started.getItem1().commit()))
                    .onFailure().call(e -> begin.flatMap(Transaction::rollback).onFailure().recoverWithNull());
        });
    }

    /** The head of a project's stream, or null. */
    public Uni<StreamHead> head(SqlClient client, String id) {
        return store.head(client, id);
    }

    public Uni<List<StreamHead>> heads(SqlClient client, List<String> ids) {
        return store.heads(client, ids);
    }

    /** Locks a project's stream for this transaction and reads its head (see EventStore.lockHead). */
    public Uni<StreamHead> lockHead(SqlConnection tx, String id) {
        return store.lockHead(tx, id);
    }

    /** {@link #lockHead}'s lock for several projects, taken in one order. */
    public Uni<Void> lockAll(SqlConnection tx, List<String> ids) {
        return store.lockStreams(tx, ids);
    }

    /** The live projects the caller owns in a workspace and scope, by id, after {@code afterId} (null: first). */
    public Uni<List<StreamHead>> liveOwnedBy(SqlClient client, String workspaceId, Scope scope, Caller caller,
            String afterId, int limit) {
        return store.liveHeadsAfter(client, workspaceId, scope.wire(), caller.username(), caller.organization(),
                afterId, limit);
    }

    /** How many projects {@link #liveOwnedBy} would answer without a limit. */
    public Uni<Long> countLiveOwnedBy(SqlClient client, String workspaceId, Scope scope, Caller caller) {
        return store.countLive(client, workspaceId, scope.wire(), caller.username(), caller.organization());
    }

    /** Every event of the project's current incarnation, oldest first. */
    public Uni<List<RecordedEvent>> incarnation(SqlClient client, StreamHead head) {
        return store.read(client, head.streamId(), head.incarnationStart() - 1, head.version());
    }

    /** Events with log version in (afterVersion, toVersion], up to about {@code maxBytes} of data. */
    public Uni<List<RecordedEvent>> eventPage(SqlClient client, String id, int afterVersion, int toVersion,
            long maxBytes) {
        return store.readPage(client, id, afterVersion, toVersion, maxBytes);
    }

    /** The log version the project was at, at time {@code at}, in its current incarnation; null before it. */
    public Uni<Integer> versionAt(SqlClient client, StreamHead head, OffsetDateTime at) {
        return store.versionAt(client, head.streamId(), head.incarnationStart(), at);
    }

    /**
     * The state at log version {@code version} (at most the head's), from the nearest cached state
     * below it, or else from the first event of the incarnation it is in: a creation event resets
     * everything, so nothing before it counts.
     */
    public Uni<ProjectState> fold(SqlClient client, StreamHead head, int version) {
        int target = Math.min(version, head.version());
        return store.latestStateCache(client, head.streamId(), target).flatMap(cached -> {
            ProjectState start = cached == null ? null : StateCache.read(json, cached.state());
            int from = cached != null ? cached.version()
                    : target >= head.incarnationStart() ? head.incarnationStart() - 1 : 0;
            return store.read(client, head.streamId(), from, target)
                    .map(events -> ProjectState.fold(start, events));
        });
    }

    public Uni<ProjectState> fold(SqlClient client, StreamHead head) {
        return fold(client, head, head.version());
    }

    /**
     * Appends to a stream whose head is {@code before} (null: a new stream described by
     * {@code attributes}; a deleted head and a creation event: the stream's next incarnation),
     * then caches the state (StateCache) when the append crosses a multiple of N. The organization's
     * quotas admit it first (a deletion is counted, never refused).
     */
    public Uni<StreamHead> append(SqlConnection tx, StreamHead before, StreamAttributes attributes,
            List<NewEvent> events, ObjectNode metadata) {
        return appendRecorded(tx, before, attributes, events, metadata).map(Appended::head);
    }

    /** {@link #append} to a project whose state is {@code state}: answers the state after it. */
    public Uni<ProjectState> appendAndFold(SqlConnection tx, StreamHead before, ProjectState state,
            List<NewEvent> events, ObjectNode metadata) {
        return appendRecorded(tx, before, null, events, metadata)
                .map(appended -> ProjectState.fold(state, appended.events()));
    }

    private record Appended(StreamHead head, List<RecordedEvent> events) {
    }

    private Uni<Appended> appendRecorded(SqlConnection tx, StreamHead before, StreamAttributes attributes,
            List<NewEvent> events, ObjectNode metadata) {
        int expected = before == null ? 0 : before.version();
        int newVersion = expected + events.size();
        boolean deletedAfter = events.isEmpty() ? before != null && before.deleted()
                : ProjectEvents.DELETED.equals(events.get(events.size() - 1).type());
        StreamHead after;
        if (before == null) {
            after = new StreamHead(attributes.id(), newVersion, attributes.workspaceId(), attributes.scope(),
                    attributes.author(), attributes.organization(), deletedAfter, null, null);
        } else if (before.deleted() && !events.isEmpty() && ProjectEvents.isCreation(events.get(0).type())) {
            after = before.reincarnatedAt(newVersion, attributes.author()).advancedTo(newVersion, deletedAfter);
        } else {
            after = before.advancedTo(newVersion, deletedAfter);
        }
        EventStore.Prepared prepared = store.prepare(after, events, metadata);
        boolean liveBefore = before != null && !before.deleted();
        int projectsDelta = (deletedAfter ? 0 : 1) - (liveBefore ? 1 : 0);
        boolean removalsOnly = events.stream().allMatch(e -> ProjectEvents.DELETED.equals(e.type())
                || ProjectEvents.SNAPSHOT_DELETED.equals(e.type()));
        Uni<List<RecordedEvent>> appended = quotas.admit(tx, after.organization(), after.author(), projectsDelta,
                prepared.bytes(), !removalsOnly).flatMap(reservation -> store.append(tx, after, expected, prepared)
                        .onTermination().invoke((x, failure, cancelled) -> {
                            if (failure != null || cancelled) {
                                reservation.release();
                            } else {
                                reservation.settleWith(tx.transaction());
                            }
                        }));
        if (expected / stateCacheEvery == newVersion / stateCacheEvery) {
            return appended.map(recorded -> new Appended(after, recorded));
        }
        return appended.call(x -> fold(tx, after)
                .flatMap(state -> store.saveStateCache(tx, after.streamId(), after.version(),
                        StateCache.write(json, state))))
                .map(recorded -> new Appended(after, recorded));
    }
}
