package io.projectservice.projects;

import io.projectservice.config.ServiceConfig;
import io.projectservice.errors.DatabaseFailures;
import io.projectservice.errors.PartialFailure;
import io.projectservice.errors.Refusal;
import io.projectservice.eventstore.StreamHead;
import io.projectservice.security.Caller;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * {@code cleanup} without an id: deletes every live project of the caller (user scope) or of the
 * organization (organization scope) in the workspace, in chunks.
 *
 * <p>Each chunk is one transaction that takes its streams' locks (at most
 * {@code cleanup-chunk-size} of them, in one order, before any write: see
 * {@code EventStore.lockHead}), reads their heads again and deletes those still live. PostgreSQL's
 * lock table is shared by all connections, so one transaction holding thousands of locks, let alone
 * two, could exhaust it; a chunk holds a bounded number. Two cleanups over the same projects take
 * turns per chunk and never deadlock (each chunk takes its locks in the same global order). A save
 * that commits before a chunk locks its project is deleted with it (after its version); one that
 * comes after finds the project deleted; so an acknowledged save is never lost.
 *
 * <p>At most {@code cleanup-max-projects} are deleted per request; the answer says how many remain,
 * and the same request deletes the next ones. Chunks that committed stay committed: a failure
 * midway answers how many were deleted, and repeating the request deletes the rest.
 */
@ApplicationScoped
public class BulkCleanup {
    private static final Logger LOG = Logger.getLogger(BulkCleanup.class);

    private final Pool pool;
    private final ProjectRepository projects;
    private final int maxProjects;
    private final int chunkSize;

    public BulkCleanup(Pool pool, ProjectRepository projects, ServiceConfig config) {
        this.pool = pool;
        this.projects = projects;
        this.maxProjects = config.limits().cleanupMaxProjects();
        this.chunkSize = Math.max(1, config.limits().cleanupChunkSize());
    }

    /** What was deleted, and how many matching projects are still there (over the limit, or created meanwhile). */
    public record Result(List<String> deleted, long remaining) {
    }

    public Uni<Result> deleteAll(CommandContext req, Scope scope) {
        Caller caller = req.caller();
        return projects.liveOwnedBy(pool, req.workspaceId(), scope, caller, null, maxProjects)
                .flatMap(heads -> {
                    List<String> ids = heads.stream().map(StreamHead::streamId).toList();
                    List<String> deleted = new ArrayList<>(ids.size());
                    return Multi.createFrom().iterable(ProjectDecisions.chunks(ids, chunkSize))
                            .onItem().transformToUniAndConcatenate(chunk -> deleteChunk(req, scope, chunk)
                                    .invoke(deleted::addAll))
                            .collect().last()
                            .onFailure().transform(e -> partial(e, deleted.size(), ids.size()))
                            .flatMap(x -> projects.countLiveOwnedBy(pool, req.workspaceId(), scope, caller))
                            .map(remaining -> new Result(deleted, remaining));
                });
    }

    /** One transaction: the chunk's locks, then its heads as they are now, then a delete of each live one. */
    private Uni<List<String>> deleteChunk(CommandContext req, Scope scope, List<String> ids) {
        return projects.transaction(req, tx -> projects.lockAll(tx, ids), (tx, locked) -> projects.heads(tx, ids)
                .flatMap(heads -> {
                    List<Uni<String>> deletes = heads.stream().filter(head -> ProjectDecisions
                            .cleanupDeletes(head, req.caller(), req.workspaceId(), scope))
                            .map(head -> delete(tx, req, scope, head)).toList();
                    // one connection, so the appends are pipelined rather than run in parallel
                    return deletes.isEmpty() ? Uni.createFrom().item(List.<String>of())
                            : Uni.join().all(deletes).andFailFast();
                }));
    }

    private Uni<String> delete(SqlConnection tx, CommandContext req, Scope scope, StreamHead head) {
        return projects.append(tx, head, null, List.of(ProjectEvents.deleted("cleanup")),
                req.eventMetadata(scope.wire())).replaceWith(head.streamId());
    }

    private static Throwable partial(Throwable e, int deleted, int total) {
        if (deleted == 0 || e instanceof Refusal) {
            return e;
        }
        boolean unavailable = DatabaseFailures.isDatabaseUnavailable(e);
        if (!unavailable) {
            LOG.errorf(e, "cleanup failed after deleting %d of %d projects", deleted, total);
        }
        String kept = " after " + deleted + " of the " + total + " projects were deleted; those deletions are kept."
                + " Send the same request again to delete the rest";
        return unavailable ? Refusal.unavailable("cleanup_interrupted", "The database became unavailable" + kept)
                : new PartialFailure("cleanup_incomplete", "Unexpected error" + kept, e);
    }
}
