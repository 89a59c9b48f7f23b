package io.projectservice.analysis.jobs;

import io.projectservice.analysis.AnalysisResult;
import io.projectservice.analysis.ExtractedFile;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.projectservice.config.JsonCodec;
import io.projectservice.eventstore.NewEvent;
import io.projectservice.projects.ProjectEvents;
import io.projectservice.projects.ProjectIds;
import io.projectservice.projects.ProjectRepository;
import io.projectservice.projects.ProjectState;
import io.projectservice.projects.StreamAttributes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The end of a successful analysis: the project's first events and the job's result, in one
 * transaction, and only for the current holder of the job's lease.
 *
 * <p>The project id is derived from the job ({@link ProjectIds#forAnalysisJob}). The transaction
 * first takes that stream's lock (so two completions of one job take turns), then records the
 * result only if the lease's token is still the job's (a worker that outlived its lease is turned
 * away here and creates nothing), then creates the stream, which fails if it exists. Either check
 * alone keeps the job to one project; the token also keeps a stale worker from replacing the
 * current one's result.
 */
@ApplicationScoped
public class AnalysisCompletion {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Pool pool;
    private final AnalysisJobs jobs;
    private final ProjectRepository projects;
    private final JsonCodec json;

    public AnalysisCompletion(Pool pool, AnalysisJobs jobs, ProjectRepository projects, JsonCodec json) {
        this.pool = pool;
        this.jobs = jobs;
        this.projects = projects;
        this.json = json;
    }

    public enum Outcome {
        /** The project exists and the job succeeded. */
        COMPLETED,
        /** Another worker holds the job now (or finished it): nothing was written. */
        LEASE_LOST,
        /** The job's project id is taken by a project this job did not create: the job failed. */
        ID_TAKEN
    }

    /** Thrown inside the transaction to roll it back. */
    private static final class Refused extends RuntimeException {
        final Outcome outcome;

        Refused(Outcome outcome) {
            super(outcome.name(), null, false, false);
            this.outcome = outcome;
        }
    }

    public Uni<Outcome> complete(AnalysisJobs.Job job, AnalysisJobs.Lease lease, List<ExtractedFile> files,
            AnalysisResult result) {
        String projectId = ProjectIds.forAnalysisJob(job.jobId());
        StreamAttributes attributes = new StreamAttributes(projectId, job.workspaceId(), job.scope(), job.author(),
                job.organization());
        ArrayNode tables = JSON.arrayNode();
        files.forEach(f -> f.tables().forEach(t -> tables.add(json.mapper().valueToTree(t))));
        ArrayNode fileRecords = JSON.arrayNode();
        for (ExtractedFile f : files) {
            fileRecords.addObject().put("name", f.name()).put("content_type", f.contentType()).put("size", f.size())
                    .put("sha256", f.sha256()).put("extracted_chars", f.text().length())
                    .put("truncated", f.truncated()).put("error", f.error());
        }
        ObjectNode ontology = JSON.objectNode();
        ontology.set("nodes", json.mapper().valueToTree(result.nodes()));
        ontology.set("edges", json.mapper().valueToTree(result.edges()));
        ArrayNode concepts = JSON.arrayNode();
        job.conceptNames().forEach(name -> concepts.addObject().put("name", name).put("concept_type", "requested"));

        ObjectNode content = new ProjectState().content().put("name", result.name())
                .put("description", result.description());
        content.set("concepts", concepts);
        content.set("metadata", JSON.objectNode().put("source", "create-from-context"));
        ObjectNode origin = JSON.objectNode().put("source", "create-from-context").put("job_id", job.jobId());

        ObjectNode changes = JSON.objectNode();
        changes.set("ontology", ontology);
        changes.set("tables", tables);
        changes.set("files", fileRecords);
        ObjectNode analyzed = JSON.objectNode().put("job_id", job.jobId()).put("engine", result.engine())
                .put("model", result.model()).put("reason", result.reason());
        analyzed.set("changes", changes);

        ObjectNode analysis = JSON.objectNode().put("engine", result.engine()).put("model", result.model())
                .put("reason", result.reason()).put("job_id", job.jobId());
        analysis.set("files", fileRecords);
        ObjectNode data = JSON.objectNode().put("id", projectId).put("project_id", projectId)
                .put("name", result.name()).put("description", result.description());
        data.set("nodes", ontology.get("nodes"));
        data.set("edges", ontology.get("edges"));
        data.set("tables", tables);
        data.set("analysis", analysis);

        List<NewEvent> events = List.of(ProjectEvents.created(attributes, content, origin),
                new NewEvent(ProjectEvents.CONTEXT_ANALYZED, analyzed));
        ObjectNode metadata = JSON.objectNode().put("actor", job.author()).put("organization", job.organization())
                .put("workspace_id", job.workspaceId()).put("scope", job.scope()).put("request_id", job.requestId());
        // the stream's lock first, then the writes (see EventStore.lockHead)
        return pool.withTransaction(tx -> projects.lockHead(tx, projectId)
                .flatMap(head -> jobs.succeed(tx, lease, projectId, data).flatMap(held -> {
                    if (!held) {
                        throw new Refused(Outcome.LEASE_LOST);
                    }
                    if (head != null) {
                        throw new Refused(Outcome.ID_TAKEN);
                    }
                    return projects.append(tx, null, attributes, events, metadata);
                })))
                .replaceWith(Outcome.COMPLETED)
                .onFailure(Refused.class).recoverWithUni(e -> {
                    Outcome outcome = ((Refused) e).outcome;
                    if (outcome == Outcome.LEASE_LOST) {
                        return Uni.createFrom().item(outcome);
                    }
                    return jobs.fail(lease, "the project id reserved for this job ('" + projectId
                            + "') is taken by another project").replaceWith(outcome);
                });
    }
}
