package io.projectservice.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.projectservice.console.LagHistory;
import io.projectservice.console.OperatorConfig;
import io.projectservice.console.PipelineReadings;
import io.projectservice.errors.Refusal;
import io.projectservice.projects.ProjectViews;
import io.projectservice.security.Callers;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.ZoneOffset;

/**
 * The pipeline's state for operators (a role claim, {@code projects.operator.role}): relay and
 * projection lag now and over the last minutes, dead letters, analysis jobs by state. What the
 * console's pipeline page draws; nothing here names a project or its content.
 */
@Path("/api/v1/operator/pipeline")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class OperatorPipelineResource {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Callers callers;
    private final PipelineReadings readings;
    private final LagHistory history;
    private final OperatorConfig config;

    public OperatorPipelineResource(Callers callers, PipelineReadings readings, LagHistory history, OperatorConfig config) {
        this.callers = callers;
        this.readings = readings;
        this.history = history;
        this.config = config;
    }

    @GET
    public Uni<Envelope> pipeline() {
        if (!callers.current().roles().contains(config.role())) {
            throw Refusal.forbidden("operator_role_required", "Only callers with the role '" + config.role()
                    + "' may read the pipeline's state");
        }
        return readings.lags().flatMap(now -> readings.jobsByState(config.finishedJobsWindow()).map(jobs -> {
            ObjectNode data = JSON.objectNode()
                    .put("read_at", time(now))
                    .put("relay_lag", now.relayLag())
                    .put("projection_lag", now.projectionLag())
                    .put("lag_cap", now.lagCap())
                    .put("dead_letters", now.deadLetters())
                    .put("newest_dead_letter", now.newestDeadLetter())
                    .put("problem", now.problem())
                    .put("sample_every_seconds", config.sampleEvery().toSeconds())
                    .put("window_seconds", config.window().toSeconds())
                    .put("finished_jobs_minutes", config.finishedJobsWindow().toMinutes());
            ObjectNode counts = data.putObject("jobs");
            jobs.forEach(counts::put);
            var samples = data.putArray("samples");
            history.samples().forEach(s -> samples.addObject().put("at", time(s))
                    .put("relay_lag", s.relayLag()).put("projection_lag", s.projectionLag()));
            samples.addObject().put("at", time(now)).put("relay_lag", now.relayLag())
                    .put("projection_lag", now.projectionLag());
            return Envelope.success("Pipeline state read", data);
        }));
    }

    private static String time(PipelineReadings.Reading r) {
        return ProjectViews.time(r.at().atOffset(ZoneOffset.UTC));
    }
}
