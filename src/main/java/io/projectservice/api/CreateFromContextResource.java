package io.projectservice.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.projectservice.analysis.jobs.AnalysisJobs;
import io.projectservice.analysis.jobs.CreateFromContext;
import io.projectservice.analysis.jobs.UploadStorage;
import io.projectservice.config.JsonCodec;
import io.projectservice.errors.Refusal;
import io.projectservice.projects.CommandContext;
import io.projectservice.projects.ProjectViews;
import io.projectservice.projects.Scope;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * create-from-context: multipart (with files) or urlencoded (text only), answered with the
 * created project when the analysis finishes within the bound, else 202 with the job's URL.
 */
@Path("/api/v1/projects/{workspace_id}/create-from-context")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class CreateFromContextResource {
    private static final Logger LOG = Logger.getLogger(CreateFromContextResource.class);
    private final RequestReader requests;
    private final CreateFromContext service;
    private final JsonCodec json;

    public CreateFromContextResource(RequestReader requests, CreateFromContext service, JsonCodec json) {
        this.requests = requests;
        this.service = service;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Uni<RestResponse<Envelope>> multipart(@RestPath("workspace_id") String workspaceId,
            @RestQuery String wait, @RestForm String context, @RestForm String scope,
            @RestForm("concept_names") String conceptNames, @RestForm("files") List<FileUpload> files) {
        return create(requests.info(workspaceId), wait, context, scope, conceptNames,
                files == null ? List.of() : files);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<RestResponse<Envelope>> form(@RestPath("workspace_id") String workspaceId, @RestQuery String wait,
            @RestForm String context, @RestForm String scope, @RestForm("concept_names") String conceptNames) {
        return create(requests.info(workspaceId), wait, context, scope, conceptNames, List.of());
    }

    @GET
    @Path("jobs/{job_id}")
    public Uni<Envelope> job(@RestPath("workspace_id") String workspaceId, @RestPath("job_id") String jobId) {
        CommandContext req = requests.info(workspaceId);
        return service.visibleJob(req, jobId)
                .map(job -> Envelope.success("Job " + job.jobId() + " is " + job.state(), jobView(job)));
    }

    private Uni<RestResponse<Envelope>> create(CommandContext req, String wait, String context, String scopeValue,
            String conceptNames, List<FileUpload> files) {
        Integer waitSeconds = RequestReader.intParam(wait, "wait");
        if (waitSeconds != null && waitSeconds < 0) {
            throw Refusal.invalid("parameter_invalid", "Parameter 'wait' must be 0 or more seconds");
        }
        Scope scope = Scope.parse(scopeValue, "scope");
        List<String> concepts = conceptNames(conceptNames);
        List<CreateFromContext.Incoming> incoming = files.stream()
                .map(f -> new CreateFromContext.Incoming(f.fileName(), f.contentType(), f.size())).toList();
        service.checkLimits(context, incoming);
        List<UploadStorage.Incoming> uploads = files.stream().map(f -> new UploadStorage.Incoming(
                f.fileName() == null || f.fileName().isBlank() ? "file" : f.fileName(), f.contentType(),
                f.uploadedFile())).toList();
        return service.submit(req, scope, context, concepts, uploads)
                // stored (or refused): the temporary files are of no more use, whatever happened
                .eventually(() -> deleteTemporaryFiles(files))
                .flatMap(job -> service.awaitFinished(job.jobId(), waitSeconds))
                .map(job -> answer(req, job));
    }

    private RestResponse<Envelope> answer(CommandContext req, AnalysisJobs.Job job) {
        if (AnalysisJobs.SUCCEEDED.equals(job.state())) {
            return RestResponse.ok(Envelope.success(created(job.result()), job.result()));
        }
        if (AnalysisJobs.FAILED.equals(job.state())) {
            return ErrorMapping.answer(Refusal.unprocessable("analysis_failed", "The analysis failed: " + job.error()));
        }
        ObjectNode data = jobView(job);
        data.put("status_url", "/api/v1/projects/" + req.workspaceId() + "/create-from-context/jobs/" + job.jobId());
        return RestResponse.ResponseBuilder.<Envelope>create(202)
                .entity(Envelope.success("The analysis is still running (job " + job.jobId() + ", " + job.state()
                        + "); poll status_url for the result", data))
                .header("Location", data.get("status_url").asText()).build();
    }

    /** The sentence of a succeeded job's answer, from the project it made. */
    static String created(JsonNode project) {
        return "Project '" + project.path("name").asText() + "' created successfully from context, "
                + project.path("tables").size() + " table(s), and " + project.path("analysis").path("files").size()
                + " file(s)";
    }

    private static ObjectNode jobView(AnalysisJobs.Job job) {
        ObjectNode o = JsonNodeFactory.instance.objectNode()
                .put("job_id", job.jobId()).put("state", job.state()).put("progress", job.progress())
                .put("attempts", job.attempts()).put("project_id", job.projectId())
                .put("created_at", ProjectViews.time(job.createdAt()))
                .put("updated_at", ProjectViews.time(job.updatedAt())).put("error", job.error());
        o.set("result", job.result());
        return o;
    }

    private List<String> conceptNames(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        JsonNode parsed;
        try {
            parsed = json.mapper().readTree(value);
        } catch (IOException e) {
            throw Refusal.invalid("concept_names_invalid",
                    "Field 'concept_names' must be a JSON array of strings, e.g. [\"customer\"]");
        }
        if (!(parsed instanceof ArrayNode array)) {
            throw Refusal.invalid("concept_names_invalid", "Field 'concept_names' must be a JSON array of strings");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode n : array) {
            if (!n.isTextual() || n.asText().isBlank() || n.asText().length() > 200) {
                throw Refusal.invalid("concept_names_invalid",
                        "Field 'concept_names' must hold non-blank strings of at most 200"
                        + " characters");
            }
            names.add(n.asText());
        }
        return names;
    }

    /** Quarkus deletes them too when the request ends; this frees the disk before the wait for the result. */
    private static Uni<Void> deleteTemporaryFiles(List<FileUpload> files) {
        if (files.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().item(() -> {
            for (FileUpload f : files) {
                try {
                    Files.deleteIfExists(f.uploadedFile());
                } catch (IOException e) {
                    LOG.warnf("could not delete the uploaded file %s: %s", f.uploadedFile(), e.toString());
                }
            }
            return (Void) null;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

}
