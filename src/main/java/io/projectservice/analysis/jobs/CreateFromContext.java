package io.projectservice.analysis.jobs;

import io.projectservice.config.ServiceConfig;
import io.projectservice.database.Wakeups;
import io.projectservice.errors.Refusal;
import io.projectservice.limits.Quotas;
import io.projectservice.projects.CommandContext;
import io.projectservice.projects.ProjectAccess;
import io.projectservice.projects.ProjectIds;
import io.projectservice.projects.Scope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/**
 * Accepts a create-from-context request: checks the limits, stores the job, its files and its
 * outbox message in one transaction (so nothing is acknowledged that is not durable), then waits
 * without holding a thread for the worker's result, up to a bound.
 */
@ApplicationScoped
public class CreateFromContext {
    private static final Duration RECHECK = Duration.ofMillis(250);

    private final Pool pool;
    private final AnalysisJobs jobs;
    private final UploadStorage storage;
    private final Wakeups wakeups;
    private final Quotas quotas;
    private final ServiceConfig.CreateFromContext limits;

    public CreateFromContext(Pool pool, AnalysisJobs jobs, UploadStorage storage, Wakeups wakeups, Quotas quotas,
            ServiceConfig config) {
        this.pool = pool;
        this.jobs = jobs;
        this.storage = storage;
        this.wakeups = wakeups;
        this.quotas = quotas;
        this.limits = config.createFromContext();
    }

    /** A file as received, before its bytes are read: enough to enforce the limits. */
    public record Incoming(String name, String contentType, long size) {
    }

    /** Rejects (413 / 400) what is over a limit or empty, before anything is read or stored. */
    public void checkLimits(String context, List<Incoming> files) {
        boolean noContext = context == null || context.isBlank();
        if (noContext && files.isEmpty()) {
            throw Refusal.invalid("input_missing", "Send a 'context' text, one or more 'files', or both");
        }
        if (context != null && context.length() > limits.maxContextChars()) {
            throw Refusal.tooLarge("context_too_long",
                    "Field 'context' is " + context.length() + " characters; the limit is "
                    + limits.maxContextChars());
        }
        if (files.size() > limits.maxFiles()) {
            throw Refusal.tooLarge("too_many_files", files.size() + " files sent; the limit is " + limits.maxFiles());
        }
        long total = 0;
        for (Incoming f : files) {
            if (f.size() > limits.maxFileBytes()) {
                throw Refusal.tooLarge("file_too_large",
                        "File '" + f.name() + "' is " + f.size() + " bytes; the limit is "
                        + limits.maxFileBytes() + " per file");
            }
            total += f.size();
        }
        if (total > limits.maxTotalBytes()) {
            throw Refusal.tooLarge("files_too_large", "The files add up to " + total + " bytes; the limit is "
                    + limits.maxTotalBytes());
        }
    }

    /**
     * Stores the job, its files (streamed from their temporary files in chunks) and its outbox
     * message in one transaction: acknowledged means durable, and a refusal stores nothing.
     */
    public Uni<AnalysisJobs.Job> submit(CommandContext req, Scope scope, String context, List<String> conceptNames,
            List<UploadStorage.Incoming> files) {
        ProjectAccess.requireOrganization(req.caller(), scope);
        var job = new AnalysisJobs.Job(ProjectIds.generate(), req.workspaceId(), scope.wire(),
                req.caller().username(), req.caller().organization(), req.requestId(), context, conceptNames,
                AnalysisJobs.QUEUED, 0, 0, null, null, null, null, null);
        // the worker creates the project later: refuse now, before anything is stored, if it has no room
        return quotas.requireRoomForProject(pool, req.caller().organization(), req.caller().username())
                .chain(() -> pool.withTransaction(tx -> jobs.insert(tx, job)
                        .flatMap(x -> storage.store(tx, job.jobId(), files))
                        .flatMap(stored -> jobs.enqueue(tx, job, stored.size()))))
                .replaceWith(job);
    }

    /**
     * The job once finished, or as it is when the bound runs out: the configured wait, or less
     * when the client asks for less ({@code wait} seconds; 0 answers at once).
     */
    public Uni<AnalysisJobs.Job> awaitFinished(String jobId, Integer waitSeconds) {
        Duration bound = limits.waitTimeout();
        if (waitSeconds != null && Duration.ofSeconds(waitSeconds).compareTo(bound) < 0) {
            bound = Duration.ofSeconds(waitSeconds);
        }
        return awaitFinished(jobId, System.nanoTime() + bound.toNanos());
    }

    private Uni<AnalysisJobs.Job> awaitFinished(String jobId, long deadline) {
        return jobs.find(pool, jobId).flatMap(job -> {
            long left = deadline - System.nanoTime();
            if (job == null || job.finished() || left <= 0) {
                return Uni.createFrom().item(job);
            }
            return wakeups.next(AnalysisJobs.DONE_CHANNEL, Duration.ofNanos(Math.min(left, RECHECK.toNanos())))
                    .flatMap(x -> awaitFinished(jobId, deadline));
        });
    }

    /** A job the caller may see (the requester, or their organization for organization scope). */
    public Uni<AnalysisJobs.Job> visibleJob(CommandContext req, String jobId) {
        if (!ProjectIds.isValid(jobId)) {
            throw Refusal.invalid("job_id_invalid", "Invalid job id");
        }
        return jobs.find(pool, jobId).map(job -> {
            if (job == null || !job.workspaceId().equals(req.workspaceId())
                    || !ProjectAccess.canAccess(req.caller(), job.scope(), job.author(), job.organization())) {
                throw Refusal.notFound("job_not_found",
                        "Job '" + jobId + "' not found in workspace '" + req.workspaceId() + "'");
            }
            return job;
        });
    }
}
