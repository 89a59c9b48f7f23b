package io.projectservice.analysis;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.projectservice.config.JsonCodec;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** SQL of create-from-context jobs: the job row, its uploads, the outbox, and the job's life. */
@ApplicationScoped
public class AnalysisJobs {
    /** NOTIFY channel raised when a job reaches a final state; the payload is its id. */
    public static final String DONE_CHANNEL = "analysis_jobs";
    public static final String QUEUED = "queued";
    public static final String EXTRACTING = "extracting";
    public static final String ANALYZING = "analyzing";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    private static final String COLUMNS = "job_id, workspace_id, scope, author, organization, request_id, context,"
            + " concept_names::text, state, progress, attempts, project_id, result::text, error, created_at,"
            + " updated_at";

    private final JsonCodec json;

    public AnalysisJobs(JsonCodec json) {
        this.json = json;
    }

    public record Job(String jobId, String workspaceId, String scope, String author, String organization,
            String requestId, String context, List<String> conceptNames, String state, int progress, int attempts,
            String projectId, ObjectNode result, String error, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

        public boolean finished() {
            return SUCCEEDED.equals(state) || FAILED.equals(state);
        }
    }

    public record Upload(String name, String contentType, byte[] content, String sha256) {
    }

    /** Stores the job, its files and its outbox message in the caller's transaction. */
    public Uni<Void> create(SqlConnection tx, Job job, List<Upload> uploads) {
        ArrayNode concepts = JsonNodeFactory.instance.arrayNode();
        job.conceptNames().forEach(concepts::add);
        Tuple row = Tuple.tuple().addString(job.jobId()).addString(job.workspaceId()).addString(job.scope())
                .addString(job.author()).addString(job.organization()).addString(job.requestId())
                .addString(job.context()).addString(json.write(concepts));
        List<Tuple> files = new ArrayList<>(uploads.size());
        for (int i = 0; i < uploads.size(); i++) {
            Upload u = uploads.get(i);
            files.add(Tuple.tuple().addString(job.jobId()).addInteger(i).addString(u.name()).addString(u.contentType())
                    .addLong((long) u.content().length).addString(u.sha256()).addBuffer(Buffer.buffer(u.content())));
        }
        ObjectNode message = JsonNodeFactory.instance.objectNode().put("job_id", job.jobId())
                .put("workspace_id", job.workspaceId()).put("files", uploads.size());
        Uni<Void> insertFiles = files.isEmpty() ? Uni.createFrom().voidItem()
                : tx.preparedQuery("INSERT INTO analysis_uploads (job_id, file_index, name, content_type, size, sha256,"
                        + " content) VALUES ($1, $2, $3, $4, $5, $6, $7)").executeBatch(files).replaceWithVoid();
        return tx.preparedQuery("INSERT INTO analysis_jobs (job_id, workspace_id, scope, author, organization,"
                + " request_id, context, concept_names, state) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text::jsonb,"
                + " 'queued')").execute(row)
                .flatMap(x -> insertFiles)
                .flatMap(x -> tx.preparedQuery("INSERT INTO analysis_outbox (job_id, payload) VALUES ($1,"
                        + " $2::text::jsonb)").execute(Tuple.of(job.jobId(), json.write(message))))
                .flatMap(x -> tx.query("SELECT pg_notify('project_events', 'analysis')").execute())
                .replaceWithVoid();
    }

    public Uni<Job> find(SqlClient client, String jobId) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM analysis_jobs WHERE job_id = $1")
                .execute(Tuple.of(jobId))
                .map(rows -> rows.size() == 0 ? null : toJob(rows.iterator().next()));
    }

    /**
     * Takes a job for this worker: a queued one, or one whose previous worker's lease ran out
     * (it died mid-job). Null when the job is finished or another worker holds it.
     */
    public Uni<Job> claim(SqlClient client, String jobId, Duration lease) {
        return client.preparedQuery("UPDATE analysis_jobs SET state = 'extracting', progress = 10,"
                + " attempts = attempts + 1, lease_until = now() + make_interval(secs => $2), updated_at = now()"
                + " WHERE job_id = $1 AND (state = 'queued' OR (state IN ('extracting', 'analyzing')"
                + " AND lease_until < now())) RETURNING " + COLUMNS)
                .execute(Tuple.of(jobId, lease.toMillis() / 1000.0))
                .map(rows -> rows.size() == 0 ? null : toJob(rows.iterator().next()));
    }

    /** When the job's lease ends (null if it has none): a redelivered request waits until then. */
    public Uni<OffsetDateTime> leaseEnd(SqlClient client, String jobId) {
        return client.preparedQuery("SELECT lease_until FROM analysis_jobs WHERE job_id = $1 AND state IN"
                + " ('extracting', 'analyzing')").execute(Tuple.of(jobId))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getOffsetDateTime(0));
    }

    public Uni<List<Upload>> uploads(SqlClient client, String jobId) {
        return client.preparedQuery("SELECT name, content_type, content, sha256 FROM analysis_uploads"
                + " WHERE job_id = $1 ORDER BY file_index").execute(Tuple.of(jobId))
                .map(rows -> {
                    List<Upload> out = new ArrayList<>(rows.size());
                    rows.forEach(r -> out.add(new Upload(r.getString(0), r.getString(1), r.getBuffer(2).getBytes(),
                            r.getString(3))));
                    return out;
                });
    }

    /** Records progress and renews the lease. */
    public Uni<Void> progress(SqlClient client, String jobId, String state, int progress, Duration lease) {
        return client.preparedQuery("UPDATE analysis_jobs SET state = $2, progress = $3, lease_until = now()"
                + " + make_interval(secs => $4), updated_at = now()"
                + " WHERE job_id = $1 AND state NOT IN ('succeeded', 'failed')")
                .execute(Tuple.of(jobId, state, progress, lease.toMillis() / 1000.0)).replaceWithVoid();
    }

    public Uni<Void> succeed(SqlConnection tx, String jobId, String projectId, ObjectNode result) {
        return tx.preparedQuery("UPDATE analysis_jobs SET state = 'succeeded', progress = 100, project_id = $2,"
                + " result = $3::text::jsonb, lease_until = NULL, updated_at = now() WHERE job_id = $1")
                .execute(Tuple.of(jobId, projectId, json.write(result)))
                .flatMap(x -> notifyDone(tx, jobId));
    }

    public Uni<Void> fail(SqlClient client, String jobId, String error) {
        return client.preparedQuery("UPDATE analysis_jobs SET state = 'failed', error = $2, lease_until = NULL,"
                + " updated_at = now() WHERE job_id = $1").execute(Tuple.of(jobId, error))
                .flatMap(x -> notifyDone(client, jobId));
    }

    private Uni<Void> notifyDone(SqlClient client, String jobId) {
        return client.preparedQuery("SELECT pg_notify('" + DONE_CHANNEL + "', $1)").execute(Tuple.of(jobId))
                .replaceWithVoid();
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
