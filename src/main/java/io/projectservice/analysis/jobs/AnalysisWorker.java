package io.projectservice.analysis.jobs;

import io.projectservice.analysis.AnalysisResult;
import io.projectservice.analysis.ExtractedFile;
import io.projectservice.analysis.extraction.TextExtractor;
import io.micrometer.core.instrument.MeterRegistry;
import io.projectservice.config.ServiceConfig;
import io.projectservice.errors.Refusal;
import io.projectservice.pipeline.ConsumerLoop;
import io.projectservice.pipeline.KafkaSettings;
import io.projectservice.pipeline.KafkaTopics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * The analysis worker: consumes {@code projects.analysis.v1}, claims the job (a lease with a
 * fencing token, renewed while the attempt runs, so a worker that dies mid-job is replaced once
 * its lease runs out and one that merely outlived it can no longer write), extracts the files,
 * analyzes, and appends the project's first events and the job's result in one transaction
 * ({@link AnalysisCompletion}). A failed attempt is retried after a pause; a claim whose worker
 * died counts as an attempt too; past {@code max-attempts} the job fails with the last attempt's
 * reason, so no job holds up its Kafka partition for good. The Kafka offset is committed only
 * once the job is finished (or another worker has it), so a job whose worker died is delivered
 * again. Everything here blocks, on the worker's own thread.
 */
@Singleton
public class AnalysisWorker extends ConsumerLoop<String> {
    private static final Logger LOG = Logger.getLogger(AnalysisWorker.class);
    private static final Duration DB_TIMEOUT = Duration.ofSeconds(30);
    /** Who holds a lease: the pod (or host) and the process, for operators and the reliability scenario. */
    static final String HOLDER = System.getenv().getOrDefault("HOSTNAME", "local") + "/"
            + ProcessHandle.current().pid();

    private final Pool pool;
    private final Vertx vertx;
    private final ServiceConfig config;
    private final ServiceConfig.CreateFromContext settings;
    private final KafkaSettings kafka;
    private final AnalysisJobs jobs;
    private final UploadStorage storage;
    private final SpoolDirectory spool;
    private final TextExtractor extractor;
    private final ContextAnalyzer analyzer;
    private final AnalysisCompletion completion;
    private final MeterRegistry metrics;
    /** Where jobs run while the consumer thread keeps polling; one job at a time. */
    private final ExecutorService jobThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "analysis job");
        t.setDaemon(true);
        return t;
    });

    public AnalysisWorker(Pool pool, Vertx vertx, ServiceConfig config, KafkaSettings kafka, KafkaTopics topics,
            AnalysisJobs jobs, UploadStorage storage, SpoolDirectory spool, TextExtractor extractor,
            ContextAnalyzer analyzer, AnalysisCompletion completion, MeterRegistry metrics) {
        super("analysis worker", topics, config.relay().pollInterval());
        this.pool = pool;
        this.vertx = vertx;
        this.config = config;
        this.settings = config.createFromContext();
        this.kafka = kafka;
        this.jobs = jobs;
        this.storage = storage;
        this.spool = spool;
        this.extractor = extractor;
        this.analyzer = analyzer;
        this.completion = completion;
        this.metrics = metrics;
    }

    void onStart(@Observes @Priority(30) StartupEvent event) {
        if (config.runs("analysis-worker")) {
            start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
        jobThread.shutdownNow();
    }

    @Override
    protected Properties consumerProperties() {
        Properties props = kafka.consumer(settings.workerGroup(), "projects-analysis-worker");
        props.put("max.poll.records", 1); // one job per poll: a long analysis never holds others back
        return props;
    }

    @Override
    protected String topic() {
        return config.kafka().analysisTopic();
    }

    /**
     * Runs each job on the job thread while this thread keeps polling, with every assigned
     * partition paused: the consumer stays in its group however long the job takes (no
     * max.poll.interval to outlast), and a rebalance (a worker joining, or one that died) completes
     * at once instead of waiting for the job. The offset is committed only when the job is done and
     * its partition still this consumer's; a partition taken away meanwhile goes to a worker that
     * finds the job finished, or waits for its lease.
     */
    @Override
    protected void handle(ConsumerRecords<String, String> records, KafkaConsumer<String, String> consumer) {
        for (ConsumerRecord<String, String> record : records) {
            if (!running()) {
                return;
            }
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            Future<?> job = jobThread.submit(() -> process(record.key()));
            try {
                while (!job.isDone()) {
                    if (!running()) {
                        return; // stopping: not committed, so delivered again
                    }
                    consumer.pause(consumer.assignment());
                    ConsumerRecords<String, String> early = consumer.poll(Duration.ofMillis(200));
                    // a rebalance inside that poll may assign partitions not yet paused: their records wait
                    for (TopicPartition p : early.partitions()) {
                        consumer.seek(p, early.records(p).get(0).offset());
                    }
                }
                job.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } finally {
                consumer.resume(consumer.paused());
            }
            if (running() && consumer.assignment().contains(partition)) {
                consumer.commitSync(Map.of(partition, new OffsetAndMetadata(record.offset() + 1)));
            }
        }
    }

    /**
     * Runs one job to its end: attempt after attempt while they fail, until it is finished, another
     * live worker has it, or its attempts are used up.
     */
    void process(String jobId) {
        while (running()) {
            AnalysisJobs.Claimed claimed = claimWhenFree(jobId);
            if (claimed == null || !attempt(claimed)) {
                return;
            }
            pause(settings.retryPause());
        }
    }

    /** One attempt under the claimed lease; true when it failed in a way worth another attempt. */
    private boolean attempt(AnalysisJobs.Claimed claimed) {
        AnalysisJobs.Job job = claimed.job();
        AnalysisJobs.Lease lease = claimed.lease();
        Duration length = settings.lease();
        long start = System.nanoTime();
        try (LeaseRenewal renewal = LeaseRenewal.start(vertx, pool, jobs, lease, length, settings.maxAttemptTime())) {
            List<UploadStorage.Stored> uploads = storage.files(pool, job.jobId()).await().atMost(DB_TIMEOUT);
            List<ExtractedFile> files = new ArrayList<>();
            for (int i = 0; i < uploads.size(); i++) {
                files.add(extract(job.jobId(), uploads.get(i)));
                if (!jobs.progress(pool, lease, AnalysisJobs.EXTRACTING, 10 + 50 * (i + 1) / uploads.size(), length)
                        .await().atMost(DB_TIMEOUT)) {
                    return superseded(lease);
                }
            }
            String unusable = nothingUsable(job.context(), files);
            if (unusable != null) {
                if (jobs.fail(lease, unusable).await().atMost(DB_TIMEOUT)) {
                    count("failed", "none");
                }
                return false;
            }
            if (!jobs.progress(pool, lease, AnalysisJobs.ANALYZING, 60, length).await().atMost(DB_TIMEOUT)) {
                return superseded(lease);
            }
            AnalysisResult result = analyzer.analyze(job.context(), job.conceptNames(), files);
            if (renewal.lost()) {
                return superseded(lease);
            }
            switch (completion.complete(job, lease, files, result).await().atMost(DB_TIMEOUT)) {
                case COMPLETED -> count("succeeded", result.engine());
                case LEASE_LOST -> superseded(lease);
                case ID_TAKEN -> count("failed", "none");
            }
            return false;
        } catch (RuntimeException e) {
            if (!running() || Thread.currentThread().isInterrupted()) {
                // shutting down: put the job back without counting the attempt (best effort; else the lease runs out)
                jobs.release(pool, lease, null, true).onFailure().recoverWithNull().await().atMost(DB_TIMEOUT);
                return false;
            }
            if (e instanceof Refusal refusal && refusal.kind() != Refusal.Kind.UNAVAILABLE) {
                // a refusal with its sentence (a quota reached since the request was accepted): the
                // job's reason, and no attempt would fare better
                if (jobs.fail(lease, e.getMessage()).await().atMost(DB_TIMEOUT)) {
                    count("failed", "none");
                }
                return false;
            }
            LOG.errorf(e, "analysis job %s: attempt %d of %d failed", job.jobId(), job.attempts(),
                    settings.maxAttempts());
            count("retried", "none");
            jobs.release(pool, lease, reason(e), false).await().atMost(DB_TIMEOUT);
            return true;
        } finally {
            metrics.timer("projects.analysis.duration").record(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** Reads one stored file back into a spool file, extracts it, and deletes the spool file. */
    private ExtractedFile extract(String jobId, UploadStorage.Stored upload) {
        Path file = null;
        try {
            file = storage.spool(pool, jobId, upload, spool.directory(), DB_TIMEOUT);
            return extractor.extract(upload.name(), upload.contentType(), file, upload.sha256());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            spool.delete(file);
        }
    }

    private boolean superseded(AnalysisJobs.Lease lease) {
        LOG.infof("analysis job %s: another worker has taken it over (lease %d lapsed); this attempt's work is"
                + " discarded", lease.jobId(), lease.token());
        count("superseded", "none");
        return false;
    }

    /** What a user is told about an attempt that failed (the log has the details). */
    private static String reason(RuntimeException e) {
        if (e instanceof UploadStorage.UploadIntegrityException) {
            return "a stored file does not match what was uploaded: " + e.getMessage();
        }
        return "unexpected error while analyzing; the operators have the details";
    }

    private void count(String state, String engine) {
        metrics.counter("projects.analysis.jobs", "state", state, "engine", engine).increment();
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

    /**
     * Claims the job. If another worker holds it, waits for its lease to run out (it may have died);
     * if its attempts are used up, fails it. Null when there is nothing (more) for this worker to do.
     */
    private AnalysisJobs.Claimed claimWhenFree(String jobId) {
        while (running()) {
            AnalysisJobs.Claimed claimed = jobs.claim(pool, jobId, settings.lease(), settings.maxAttempts(), HOLDER)
                    .await().atMost(DB_TIMEOUT);
            if (claimed != null) {
                return claimed;
            }
            if (jobs.giveUp(jobId, settings.maxAttempts()).await().atMost(DB_TIMEOUT)) {
                LOG.warnf("analysis job %s failed: its %d attempts are used up", jobId, settings.maxAttempts());
                count("failed", "none");
                return null;
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
}
