package io.projectservice.analysis;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.projectservice.api.ApiException;
import io.projectservice.config.JsonCodec;
import io.projectservice.config.ServiceConfig;
import io.projectservice.eventstore.ConsumerLoop;
import io.projectservice.eventstore.KafkaSettings;
import io.projectservice.eventstore.KafkaTopics;
import io.projectservice.eventstore.NewEvent;
import io.projectservice.projects.ProjectEvents;
import io.projectservice.projects.ProjectIds;
import io.projectservice.projects.ProjectRepository;
import io.projectservice.projects.ProjectState;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.Priority;
import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * The analysis worker: consumes {@code projects.analysis.v1}, claims the job (a lease, so a
 * worker that dies mid-job is replaced once its lease runs out), extracts the files, analyzes,
 * and appends the project's first events and the job's result in one transaction. The Kafka
 * offset is committed only after that, so a job whose worker died is delivered again.
 * Everything here blocks, on the worker's own thread.
 */
@Singleton
public class AnalysisWorker extends ConsumerLoop<String> {
    private static final Logger LOG = Logger.getLogger(AnalysisWorker.class);
    private static final Duration DB_TIMEOUT = Duration.ofSeconds(30);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Pool pool;
    private final ServiceConfig config;
    private final KafkaSettings kafka;
    private final KafkaTopics topics;
    private final AnalysisJobs jobs;
    private final TextExtractor extractor;
    private final ContextAnalyzer analyzer;
    private final ProjectRepository projects;
    private final JsonCodec json;
    private final MeterRegistry metrics;


    public AnalysisWorker(Pool pool, ServiceConfig config, KafkaSettings kafka, KafkaTopics topics, AnalysisJobs jobs,
            TextExtractor extractor, ContextAnalyzer analyzer, ProjectRepository projects, JsonCodec json,
            MeterRegistry metrics) {
        super("analysis worker", topics, config.relay().pollInterval());
        this.pool = pool;
        this.config = config;
        this.kafka = kafka;
        this.topics = topics;
        this.jobs = jobs;
        this.extractor = extractor;
        this.analyzer = analyzer;
        this.projects = projects;
        this.json = json;
        this.metrics = metrics;
    }

    void onStart(@Observes @Priority(30) StartupEvent event) {
        if (config.runs("analysis-worker")) {
            start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    @Override
    protected Properties consumerProperties() {
        Properties props = kafka.consumer(config.createFromContext().workerGroup(), "projects-analysis-worker");
        props.put("max.poll.records", 1); // one job per poll: a long analysis never holds others back
        return props;
    }

    @Override
    protected String topic() {
        return config.kafka().analysisTopic();
    }

    @Override
    protected void handle(ConsumerRecords<String, String> records, KafkaConsumer<String, String> consumer) {
        for (ConsumerRecord<String, String> record : records) {
            if (!running()) {
                return;
            }
            process(record.key());
            consumer.commitSync(Map.of(new TopicPartition(record.topic(), record.partition()),
                    new OffsetAndMetadata(record.offset() + 1)));
        }
    }

    /** Runs one job to its end, unless it is finished already or another live worker holds it. */
    void process(String jobId) {
        AnalysisJobs.Job job = claimWhenFree(jobId);
        if (job == null) {
            return;
        }
        long start = System.nanoTime();
        Duration lease = config.createFromContext().lease();
        try {
            List<AnalysisJobs.Upload> uploads = jobs.uploads(pool, jobId).await().atMost(DB_TIMEOUT);
            List<ExtractedFile> files = new ArrayList<>();
            for (int i = 0; i < uploads.size(); i++) {
                AnalysisJobs.Upload u = uploads.get(i);
                files.add(extractor.extract(u.name(), u.contentType(), u.content()));
                jobs.progress(pool, jobId, AnalysisJobs.EXTRACTING, 10 + 50 * (i + 1) / uploads.size(), lease)
                        .await().atMost(DB_TIMEOUT);
            }
            String unusable = nothingUsable(job.context(), files);
            if (unusable != null) {
                jobs.fail(pool, jobId, unusable).await().atMost(DB_TIMEOUT);
                metrics.counter("projects.analysis.jobs", "state", "failed", "engine", "none").increment();
                return;
            }
            jobs.progress(pool, jobId, AnalysisJobs.ANALYZING, 60, lease).await().atMost(DB_TIMEOUT);
            AnalysisResult result = analyzer.analyze(job.context(), job.conceptNames(), files);
            complete(job, files, result);
            metrics.counter("projects.analysis.jobs", "state", "succeeded", "engine", result.engine()).increment();
        } catch (RuntimeException e) {
            if (!running() || Thread.currentThread().isInterrupted()) {
                return; // stopped mid-job: the lease hands it to the next worker
            }
            // a refusal with its sentence (a quota reached since the request was accepted) is the job's reason
            boolean refused = e instanceof ApiException api && api.status() < 500;
            if (!refused) {
                LOG.errorf(e, "analysis job %s failed", jobId);
            }
            jobs.fail(pool, jobId, refused ? e.getMessage()
                    : "unexpected error while analyzing; the operators have the details").await().atMost(DB_TIMEOUT);
            metrics.counter("projects.analysis.jobs", "state", "failed", "engine", "none").increment();
        } finally {
            metrics.timer("projects.analysis.duration").record(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /**
     * Why there is nothing to analyze (no context, and no file yielded text or a table), or null
     * when there is. A project made of nothing but a file name would be noise: the request is
     * refused (422) and nothing is created. Bad files next to usable input stay per-file errors.
     */
    static String nothingUsable(String context, List<ExtractedFile> files) {
        if (context != null && !context.isBlank()) {
            return null;
        }
        StringBuilder reasons = new StringBuilder();
        for (ExtractedFile f : files) {
            if (f.ok() && (!f.text().isBlank() || !f.tables().isEmpty())) {
                return null;
            }
            reasons.append(reasons.length() == 0 ? "" : "; ").append(f.name()).append(": ")
                    .append(f.ok() ? "no text in it" : f.error());
        }
        return "nothing to analyze: there is no context and no file could be used (" + reasons + ")";
    }

    /** Claims the job; if a worker holds it, waits for its lease to run out (it may have died). */
    private AnalysisJobs.Job claimWhenFree(String jobId) {
        while (running()) {
            AnalysisJobs.Job job = jobs.claim(pool, jobId, config.createFromContext().lease()).await().atMost(DB_TIMEOUT);
            if (job != null) {
                return job;
            }
            OffsetDateTime leaseEnd = jobs.leaseEnd(pool, jobId).await().atMost(DB_TIMEOUT);
            if (leaseEnd == null) {
                return null; // finished, or unknown
            }
            long wait = Duration.between(OffsetDateTime.now(), leaseEnd).toMillis() + 50;
            pause(Duration.ofMillis(Math.max(50, Math.min(wait, 5_000))));
        }
        return null;
    }

    /** The project's first events and the job's result, in one transaction. */
    private void complete(AnalysisJobs.Job job, List<ExtractedFile> files, AnalysisResult result) {
        String projectId = ProjectIds.generate();
        ProjectState attributes = ProjectState.attributes(projectId, job.workspaceId(), job.scope(), job.author(),
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
        ObjectNode response = JSON.objectNode().put("message", "Project '" + result.name()
                + "' created successfully from context, " + tables.size() + " table(s), and " + files.size()
                + " file(s)");
        response.set("data", data);

        List<NewEvent> events = List.of(ProjectEvents.created(attributes, content, origin),
                new NewEvent(ProjectEvents.CONTEXT_ANALYZED, analyzed));
        ObjectNode metadata = JSON.objectNode().put("actor", job.author()).put("organization", job.organization())
                .put("workspace_id", job.workspaceId()).put("scope", job.scope()).put("request_id", job.requestId());
        pool.withTransaction(tx -> projects.append(tx, null, attributes, events, metadata)
                .flatMap(head -> jobs.succeed(tx, job.jobId(), projectId, response)))
                .await().atMost(DB_TIMEOUT);
    }
}
