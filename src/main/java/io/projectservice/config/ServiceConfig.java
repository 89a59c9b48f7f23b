package io.projectservice.config;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;
import java.util.Set;
import io.smallrye.config.WithDefault;

/** Typed configuration of the service's own behaviour (prefix {@code projects}). */
@ConfigMapping(prefix = "projects")
public interface ServiceConfig {

    /** Workspace used by the newer route layout {@code /projects/{action}}. */
    @WithDefault("default")
    String defaultWorkspace();

    /** A folded state snapshot is stored every this many events, so a load reads a short tail. */
    @WithDefault("100")
    int stateSnapshotEvery();

    /**
     * Which parts this process runs: {@code api}, {@code relay}, {@code projector},
     * {@code analysis-worker}. One image, several deployments; all on for local runs.
     */
    @WithDefault("api,relay,projector,analysis-worker")
    Set<String> roles();

    default boolean runs(String role) {
        return roles().contains(role);
    }

    Limits limits();

    Kafka kafka();

    Relay relay();

    ListView list();

    CreateFromContext createFromContext();

    interface CreateFromContext {
        @WithDefault("20")
        int maxFiles();

        @WithDefault("26214400")
        long maxFileBytes();

        @WithDefault("52428800")
        long maxTotalBytes();

        /** Characters of the {@code context} field. */
        @WithDefault("2097152")
        int maxContextChars();

        /** How long the HTTP request waits for the result before answering 202 with the job. */
        @WithDefault("PT30S")
        Duration waitTimeout();

        /**
         * A claimed job whose lease is not renewed within this time is taken over by another
         * worker. A live worker renews it every third of it, also while the LLM call runs.
         */
        @WithDefault("PT2M")
        Duration lease();

        /**
         * Claims of one job, a claim whose worker died included; past them the job fails with
         * the last attempt's reason and stops holding up its Kafka partition.
         */
        @WithDefault("3")
        int maxAttempts();

        /** Pause before a job whose attempt failed is tried again (by the same worker). */
        @WithDefault("PT5S")
        Duration retryPause();

        /**
         * Longest one attempt keeps renewing its lease: a worker stuck beyond it (a call that
         * never returns) lets the lease lapse, and another worker takes the job over. Above the
         * longest attempt that is not stuck: 20 files at the 30 s parse timeout, then the LLM's
         * 3 calls of at most 60 s (LlmAnalyzer's timeout and retries).
         */
        @WithDefault("PT15M")
        Duration maxAttemptTime();

        /** Uploaded files are stored (and read back) in chunks of this many bytes. */
        @WithDefault("1048576")
        int chunkBytes();

        @WithDefault("projects-analysis-worker")
        String workerGroup();
    }

    History history();

    Idempotency idempotency();

    interface Kafka {
        @WithDefault("projects.events.v1")
        String eventsTopic();

        @WithDefault("projects.analysis.v1")
        String analysisTopic();

        /** Create missing topics at startup (local runs); in Kubernetes they are declared resources. */
        @WithDefault("true")
        boolean createTopics();

        @WithDefault("6")
        int partitions();

        @WithDefault("1")
        short replicationFactor();

        @WithDefault("projects-list-projector")
        String projectorGroup();

        /** The readiness check's bound on one answer from the brokers: below the probe's timeout. */
        @WithDefault("PT2S")
        Duration healthTimeout();
    }

    interface Relay {
        @WithDefault("500")
        int batchSize();

        /** Fallback poll when no NOTIFY arrives (and the wait between retries after a failure). */
        @WithDefault("PT1S")
        Duration pollInterval();

        @WithDefault("PT10S")
        Duration publishTimeout();
    }

    interface ListView {
        /** How long a list waits for the read model to cover earlier writes before answering stale. */
        @WithDefault("PT2S")
        Duration catchUpTimeout();

        @WithDefault("1000")
        int defaultLimit();

        @WithDefault("1000")
        int maxLimit();

        /** Readiness goes DOWN when more events than this wait for the relay, or records for the projector. */
        @WithDefault("10000")
        int maxLagForReadiness();
    }

    interface Idempotency {
        /** How long a key and its first response are kept: a retry after that runs again. */
        @WithDefault("PT24H")
        Duration ttl();

        /** How long a duplicate waits for the first request (still running) before a 409. */
        @WithDefault("PT10S")
        Duration waitForFirst();

        /** A claim this old that never committed anything is taken to be dead: a retry takes it over. */
        @WithDefault("PT1M")
        Duration claimTimeout();

        /** How often expired keys are deleted (expiry itself is exact; this only frees space). */
        @WithDefault("PT10M")
        Duration cleanupInterval();
    }

    interface History {
        @WithDefault("100")
        int defaultLimit();

        @WithDefault("1000")
        int maxLimit();
    }

    interface Limits {
        @WithDefault("200")
        int nameMaxLength();

        @WithDefault("20000")
        int descriptionMaxLength();

        @WithDefault("65536")
        int metadataMaxBytes();

        /** Largest JSON request body, in bytes. */
        @WithDefault("10485760")
        long maxBodyBytes();

        /**
         * Most projects one cleanup request deletes; when more match, the answer says how many
         * remain and the same request deletes the next ones.
         */
        @WithDefault("10000")
        int cleanupMaxProjects();

        /**
         * Projects deleted per transaction by a cleanup without an id: each transaction holds one
         * lock per project until it commits, and PostgreSQL's lock table is shared by all
         * connections (max_locks_per_transaction x max_connections).
         */
        @WithDefault("100")
        int cleanupChunkSize();

        /** Largest number of projects one export-workspace answers (each is a full bundle). */
        @WithDefault("1000")
        int workspaceExportMaxProjects();
    }
}
