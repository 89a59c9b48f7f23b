package io.projectservice.analysis.jobs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.projectservice.config.JsonCodec;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * SQL of create-from-context jobs: the job row, the outbox, and the job's life under a lease.
 *
 * <p>Every claim increments the job's {@code lease_token}; everything a worker writes afterwards
 * names the {@link Lease} it was given and changes nothing once another claim has superseded it
 * (a fencing token). So a worker that outlived its lease (paused, partitioned, slower than its
 * renewals) can neither renew, report progress, fail nor complete a job that another worker took.
 */
@ApplicationScoped
public class AnalysisJobs {
    /** NOTIFY channel raised when a job reaches a final state; the payload is its id. */
    public static final String DONE_CHANNEL = "analysis_jobs";
    public static final String QUEUED = "queued";
    public static final String EXTRACTING = "extracting";
    public static final String ANALYZING = "analyzing";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    /** What a claim records about the previous attempt when it finds that attempt's lease run out. */
    static final String WORKER_STOPPED = "its worker stopped before it finished (killed, out of memory or shut down)";

    private static final String COLUMNS = """
            job_id, workspace_id, scope, author, organization, request_id, context,
            concept_names::text, state, progress, attempts, project_id, result::text, error, created_at,
            updated_at""";
    private static final String RUNNING = "state IN ('extracting', 'analyzing')";
    /** A job nobody works on: never claimed, put back, or its worker's lease ran out. */
    private static final String FREE = "(state = 'queued' OR (" + RUNNING + " AND lease_until < now()))";

    private final Pool pool;
    private final JsonCodec json;

    public AnalysisJobs(Pool pool, JsonCodec json) {
        this.pool = pool;
        this.json = json;
    }

    public record Job(String jobId, String workspaceId, String scope, String author, String organization,
            String requestId, String context, List<String> conceptNames, String state, int progress, int attempts,
            String projectId, ObjectNode result, String error, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

        public boolean finished() {
            return SUCCEEDED.equals(state) || FAILED.equals(state);
        }
    }

    /** One claim of a job: the fencing token every later write of its worker is checked against. */
    public record Lease(String jobId, long token) {
    }

    public record Claimed(Job job, Lease lease) {
    }

    /** Stores the job row in the caller's transaction (its files and outbox message follow there). */
    public Uni<Void> insert(SqlConnection tx, Job job) {
        ArrayNode concepts = JsonNodeFactory.instance.arrayNode();
        job.conceptNames().forEach(concepts::add);
        Tuple row = Tuple.tuple().addString(job.jobId()).addString(job.workspaceId()).addString(job.scope())
                .addString(job.author()).addString(job.organization()).addString(job.requestId())
                .addString(job.context()).addString(json.write(concepts));
        return tx.preparedQuery("""
                INSERT INTO analysis_jobs (job_id, workspace_id, scope, author, organization,
                request_id, context, concept_names, state) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text::jsonb,
                'queued')""").execute(row).replaceWithVoid();
    }

    /** The request for the workers, relayed to the analysis topic once the transaction commits. */
    public Uni<Void> enqueue(SqlConnection tx, Job job, int files) {
        ObjectNode message = JsonNodeFactory.instance.objectNode().put("job_id", job.jobId())
                .put("workspace_id", job.workspaceId()).put("files", files);
        return tx.preparedQuery("INSERT INTO analysis_outbox (job_id, payload) VALUES ($1, $2::text::jsonb)")
                .execute(Tuple.of(job.jobId(), json.write(message)))
                .flatMap(x -> tx.query("SELECT pg_notify('project_events', 'analysis')").execute())
                .replaceWithVoid();
    }

    public Uni<Job> find(SqlClient client, String jobId) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM analysis_jobs WHERE job_id = $1")
                .execute(Tuple.of(jobId))
                .map(rows -> rows.size() == 0 ? null : toJob(rows.iterator().next()));
    }

    /**
     * Takes a job for {@code holder}: a queued one, or one whose previous worker's lease ran out
     * (it died mid-job, which is recorded as that attempt's reason), unless its attempts are used
     * up. Null when the job is finished, another worker holds it, or no attempt is left.
     */
    public Uni<Claimed> claim(SqlClient client, String jobId, Duration lease, int maxAttempts, String holder) {
        return client.preparedQuery("""
                UPDATE analysis_jobs SET state = 'extracting', progress = 10,
                attempts = attempts + 1, lease_token = lease_token + 1, lease_holder = $4,
                lease_until = now() + make_interval(secs => $2), updated_at = now(),
                last_error = CASE WHEN %s THEN $5 ELSE last_error END
                WHERE job_id = $1 AND attempts < $3 AND %s RETURNING %s, lease_token"""
                .formatted(RUNNING, FREE, COLUMNS))
                .execute(Tuple.of(jobId, seconds(lease), maxAttempts, holder, WORKER_STOPPED))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row r = rows.iterator().next();
                    return new Claimed(toJob(r), new Lease(jobId, r.getLong(16)));
                });
    }

    /**
     * Fails a job nobody works on whose attempts are used up, with the last attempt's reason, and
     * drops its files. True when this call failed it.
     */
    public Uni<Boolean> giveUp(String jobId, int maxAttempts) {
        return pool.withTransaction(tx -> tx.preparedQuery("""
                UPDATE analysis_jobs SET state = 'failed',
                error = format('the analysis was attempted %%s times without a result; the last attempt: %%s',
                  attempts, CASE WHEN %1$s THEN $3 ELSE coalesce(last_error, $3) END),
                last_error = CASE WHEN %1$s THEN $3 ELSE last_error END,
                lease_until = NULL, lease_holder = NULL, updated_at = now()
                WHERE job_id = $1 AND attempts >= $2 AND %2$s RETURNING job_id""".formatted(RUNNING, FREE))
                .execute(Tuple.of(jobId, maxAttempts, WORKER_STOPPED))
                .flatMap(rows -> rows.size() == 0 ? Uni.createFrom().item(false)
                        : finished(tx, jobId).replaceWith(true)));
    }

    /**
     * When the job's lease ends: a redelivered request waits until then. Now for a job put back
     * meanwhile (claim it again), null for a finished or unknown one.
     */
    public Uni<OffsetDateTime> leaseEnd(SqlClient client, String jobId) {
        return client.preparedQuery("""
                SELECT CASE WHEN state = 'queued' THEN now() ELSE lease_until END
                FROM analysis_jobs WHERE job_id = $1 AND (state = 'queued' OR %s)""".formatted(RUNNING))
                .execute(Tuple.of(jobId))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getOffsetDateTime(0));
    }

    /** Extends the lease; false when it is no longer this worker's (superseded or finished). */
    public Uni<Boolean> renew(SqlClient client, Lease lease, Duration length) {
        return client.preparedQuery("""
                UPDATE analysis_jobs SET lease_until = now() + make_interval(secs => $3)
                WHERE job_id = $1 AND lease_token = $2 AND %s""".formatted(RUNNING))
                .execute(Tuple.of(lease.jobId(), lease.token(), seconds(length)))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Records progress and renews the lease; false when the lease is no longer this worker's. */
    public Uni<Boolean> progress(SqlClient client, Lease lease, String state, int progress, Duration length) {
        return client.preparedQuery("""
                UPDATE analysis_jobs SET state = $3, progress = $4,
                lease_until = now() + make_interval(secs => $5), updated_at = now()
                WHERE job_id = $1 AND lease_token = $2 AND %s""".formatted(RUNNING))
                .execute(Tuple.of(lease.jobId(), lease.token(), state, progress, seconds(length)))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Records the result in the transaction that appends the project's events; false (and the
     * caller rolls back) when the lease is no longer this worker's.
     */
    public Uni<Boolean> succeed(SqlConnection tx, Lease lease, String projectId, ObjectNode result) {
        return tx.preparedQuery("""
                UPDATE analysis_jobs SET state = 'succeeded', progress = 100, project_id = $3,
                result = $4::text::jsonb, lease_until = NULL, lease_holder = NULL, updated_at = now()
                WHERE job_id = $1 AND lease_token = $2 AND %s""".formatted(RUNNING))
                .execute(Tuple.of(lease.jobId(), lease.token(), projectId, json.write(result)))
                .flatMap(rows -> rows.rowCount() == 1 ? finished(tx, lease.jobId()).replaceWith(true)
                        : Uni.createFrom().item(false));
    }

    /** Fails the job for good with a reason for the user; false when the lease is no longer this worker's. */
    public Uni<Boolean> fail(Lease lease, String error) {
        return pool.withTransaction(tx -> tx.preparedQuery("""
                UPDATE analysis_jobs SET state = 'failed', error = $3,
                lease_until = NULL, lease_holder = NULL, updated_at = now()
                WHERE job_id = $1 AND lease_token = $2 AND %s""".formatted(RUNNING))
                .execute(Tuple.of(lease.jobId(), lease.token(), error))
                .flatMap(rows -> rows.rowCount() == 1 ? finished(tx, lease.jobId()).replaceWith(true)
                        : Uni.createFrom().item(false)));
    }

    /**
     * Puts the job back for another attempt, recording why this one failed (reported if the
     * attempts run out). {@code refund}: the attempt does not count (the worker is shutting down).
     */
    public Uni<Boolean> release(SqlClient client, Lease lease, String error, boolean refund) {
        return client.preparedQuery("""
                UPDATE analysis_jobs SET state = 'queued', progress = 0,
                attempts = attempts - $4, last_error = coalesce($3, last_error),
                lease_until = NULL, lease_holder = NULL, updated_at = now()
                WHERE job_id = $1 AND lease_token = $2 AND %s""".formatted(RUNNING))
                .execute(Tuple.of(lease.jobId(), lease.token(), error, refund ? 1 : 0))
                .map(rows -> rows.rowCount() == 1);
    }

    /** A finished job's file bytes go (their name, size and sha256 stay); waiting requests are told. */
    private Uni<Void> finished(SqlConnection tx, String jobId) {
        return tx.preparedQuery("DELETE FROM analysis_upload_chunks WHERE job_id = $1").execute(Tuple.of(jobId))
                .flatMap(x -> tx.preparedQuery("SELECT pg_notify('" + DONE_CHANNEL + "', $1)")
                        .execute(Tuple.of(jobId)))
                .replaceWithVoid();
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    private Job toJob(Row r) {
        List<String> concepts = new ArrayList<>();
        json.readArray(r.getString(7)).forEach(c -> concepts.add(c.asText()));
        String result = r.getString(12);
        return new Job(r.getString(0), r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                r.getString(5), r.getString(6), concepts, r.getString(8), r.getInteger(9), r.getInteger(10),
                r.getString(11), result == null ? null : json.readObject(result), r.getString(13),
                r.getOffsetDateTime(14), r.getOffsetDateTime(15));
    }
}
