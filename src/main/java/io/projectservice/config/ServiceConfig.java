package io.projectservice.config;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;
import java.util.OptionalLong;
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

    Pipeline pipeline();

    ListSettings list();

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

    Sharing sharing();

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

        /** Where the relay and the projector set aside a record they cannot publish or apply. */
        @WithDefault("projects.events.dlq.v1")
        String deadLetterTopic();

        /** The readiness check's bound on one answer from the brokers: below the probe's timeout. */
        @WithDefault("PT2S")
        Duration healthTimeout();
    }

    interface Relay {
        @WithDefault("500")
        int batchSize();

        /**
         * Bytes of event data in one batch (besides {@link #batchSize()} events): what the relay
         * holds in memory at once, about three times over (the rows, the records, the producer's
         * buffer). An event larger than this is sent alone.
         */
        @WithDefault("8388608")
        int batchBytes();

        /** Fallback poll when no NOTIFY arrives (and the wait between retries after a failure). */
        @WithDefault("PT1S")
        Duration pollInterval();

        @WithDefault("PT10S")
        Duration publishTimeout();
    }

    interface Pipeline {
        /**
         * The largest event the log accepts, in bytes of its data as stored (JSON text); a write
         * that would append a larger one is refused with a 413 and changes nothing. It must fit
         * the event topic's record limit with room for the CloudEvents envelope
         * ({@code KafkaSettings.MAX_RECORD_BYTES} less {@code KafkaSettings.ENVELOPE_ROOM}).
         */
        @WithDefault("15728640")
        int maxEventBytes();

        /**
         * Readiness of the relay and projector goes DOWN when the oldest unpublished event is
         * older than this, or the relay or the projector has been failing, or the projector has
         * not moved while records wait for it, for longer than this.
         */
        @WithDefault("PT1M")
        Duration maxDelay();
    }

    interface ListSettings {
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

    interface Sharing {
        /** Open (pending or accepted) shares one project may have; more is a 409 until some end. */
        @WithDefault("500")
        int maxOpenPerProject();

        /** The longest {@code expires_in_minutes} a share may ask for (default: ten years). */
        @WithDefault("5256000")
        int maxExpiresInMinutes();

        /** Inbox and outbox pages: items when the request names no {@code limit}, and at most. */
        @WithDefault("100")
        int defaultLimit();

        @WithDefault("1000")
        int maxLimit();

        /** Shares one {@code share/sync} prunes at most; the next sync takes the rest. */
        @WithDefault("1000")
        int syncMaxPruned();
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

        /** Largest number of projects one page of export-workspace holds (each is a full bundle). */
        @WithDefault("1000")
        int workspaceExportMaxProjects();

        /**
         * A page of any listing (list, list-templates, history, snapshots/list, export-workspace)
         * stops once it holds this many bytes of JSON; the rest follows through X-Next-Cursor. A
         * page always holds at least one item.
         */
        @WithDefault("4194304")
        long pageMaxBytes();

        /**
         * Bytes of estimated heap that request bodies in flight may take together (the body, its
         * parsed tree and its copies; see api/BodyBudget). Past it a body is refused with 503 and
         * Retry-After before it is read. Absent: 40% of the JVM's maximum heap.
         */
        OptionalLong bodyMemoryBudget();

        /** Limits on JSON request bodies, checked while they stream in (and by the REST layer's parser). */
        Json json();

        /** What one import (a bundle of import-project, or each bundle of import-workspace) may hold. */
        Import imports();
    }

    interface Json {
        /** Deepest nesting of objects and arrays. */
        @WithDefault("200")
        int maxDepth();

        /** Longest string value, in characters. */
        @WithDefault("1048576")
        int maxStringLength();

        /** Longest number, in digits. */
        @WithDefault("1000")
        int maxNumberLength();

        /** Longest property name, in characters. */
        @WithDefault("50000")
        int maxNameLength();

        /** Most JSON tokens (values, names, brackets) in one body: what bounds the parsed tree. */
        @WithDefault("1000000")
        long maxTokens();
    }

    interface Import {
        /** Tables in one bundle. */
        @WithDefault("200")
        int maxTables();

        /** Rows of all tables of one bundle together (the events table included). */
        @WithDefault("100000")
        int maxRows();

        /** Bundles in one import-workspace. */
        @WithDefault("1000")
        int maxProjects();
    }
}
