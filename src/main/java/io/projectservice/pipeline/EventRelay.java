package io.projectservice.pipeline;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.projectservice.config.ServiceConfig;
import io.projectservice.database.PgNotifications;
import io.projectservice.eventstore.EventStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.annotation.Priority;
import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.jboss.logging.Logger;

/**
 * Publishes every committed event to Kafka, in log order, at least once.
 *
 * <p>It publishes from every {@link RelaySource}: the event log, and the outbox of analysis
 * requests. Each batch runs in one transaction that first locks the checkpoint row (SKIP LOCKED: one
 * replica relays at a time, and a dead one frees the row with its connection), then reads the
 * events after the checkpoint in {@code (tx_id, global_position)} order, but only those of
 * transactions older than the oldest one still running. A transaction that took a lower
 * position but commits later is therefore never skipped: its events wait until it has ended.
 * A batch holds at most {@code projects.relay.batch-size} events and
 * {@code projects.relay.batch-bytes} bytes of data (a larger event goes alone), so the memory it
 * takes is bounded whatever the events. The checkpoint moves only after Kafka acknowledged the
 * whole batch, or refused a record of it for what the record is: that one is set aside as a
 * dead letter ({@link DeadLetters}) and the rest flows.
 *
 * <p>The loop runs on its own thread (never an event loop) because the Kafka producer blocks.
 * It wakes on NOTIFY from each append, and polls as a fallback.
 */
@Singleton
public class EventRelay extends BackgroundLoop {
    private static final Logger LOG = Logger.getLogger(EventRelay.class);
    private static final Duration DB_TIMEOUT = Duration.ofSeconds(30);

    private final Pool pool;
    private final ServiceConfig config;
    private final KafkaSettings kafka;
    private final PgNotifications notifications;
    private final RelayCheckpoints checkpoints;
    private final KafkaTopics topics;
    private final List<RelaySource> sources;
    private final MeterRegistry metrics;
    private final DeadLetters deadLetters;
    private final List<SetAsideEvents> setAsideListeners;
    private final Timer relayLag;
    private final DistributionSummary batchBytes;
    private final AtomicLong batches = new AtomicLong();
    /** Per source: after a batch failed with a refused record among others, records up to here go one at a time. */
    private final Map<String, RelayCheckpoints.RelayCheckpoint> isolateThrough = new ConcurrentHashMap<>();
    private volatile Instant failingSince;

    public EventRelay(Pool pool, ServiceConfig config, KafkaSettings kafka, PgNotifications notifications,
            RelayCheckpoints checkpoints, KafkaTopics topics, Instance<RelaySource> sources, MeterRegistry metrics,
            DeadLetters deadLetters, Instance<SetAsideEvents> setAsideListeners) {
        super("event-relay");
        int ceiling = KafkaSettings.MAX_RECORD_BYTES - KafkaSettings.ENVELOPE_ROOM;
        int maxEventBytes = config.pipeline().maxEventBytes();
        if (maxEventBytes > ceiling) {
            throw new IllegalStateException("projects.pipeline.max-event-bytes (PROJECTS_PIPELINE_MAX_EVENT_BYTES) is "
                    + maxEventBytes + ", more than the " + ceiling + " bytes a Kafka record of the relay can carry"
                    + " besides its envelope");
        }
        this.pool = pool;
        this.config = config;
        this.kafka = kafka;
        this.notifications = notifications;
        this.checkpoints = checkpoints;
        this.topics = topics;
        this.sources = sources.stream().toList();
        this.metrics = metrics;
        this.deadLetters = deadLetters;
        this.setAsideListeners = setAsideListeners.stream().toList();
        this.batchBytes = DistributionSummary.builder("projects.relay.batch.bytes").baseUnit("bytes")
                .description("Bytes of the records of one relay batch")
                .serviceLevelObjectives(config.relay().batchBytes()).register(metrics);
        this.relayLag = Timer.builder("projects.relay.lag").description("Append to Kafka acknowledgement")
                .publishPercentileHistogram().register(metrics);
    }

    void onStart(@Observes @Priority(10) StartupEvent event) {
        if (config.runs("relay")) {
            notifications.listen(EventStore.NOTIFY_CHANNEL, this::wake);
            start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Batches attempted so far (whether or not they found events): lets tests wait for a pass. */
    public long batches() {
        return batches.get();
    }

    /** Since when the relay has been failing (every attempt), or null while it works. */
    public Instant failingSince() {
        return failingSince;
    }

    @Override
    protected void loop() {
        Duration poll = config.relay().pollInterval();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.producer("projects-relay"))) {
            while (running()) {
                try {
                    topics.ensure();
                    for (RelaySource source : sources) {
                        int n;
                        do {
                            n = relayBatch(producer, source);
                        } while (running() && n > 0);
                    }
                    if (failingSince != null) {
                        LOG.infof("relay recovered after %s", Duration.between(failingSince, Instant.now()));
                        failingSince = null;
                    }
                } catch (RuntimeException | OutOfMemoryError e) {
                    if (failingSince == null) {
                        LOG.warnf("relay paused, will retry every %s: %s", poll, e.toString());
                        failingSince = Instant.now();
                    }
                }
                pause(poll);
            }
        }
    }

    /**
     * One batch of one source in one transaction; returns how many records it read (0: nothing
     * waits). A record Kafka refuses for what it is (too large, invalid) is set aside: sent to the
     * dead-letter topic, recorded, and passed, in the transaction that moves the checkpoint; any
     * other failure rolls the batch back, to be sent again. When a batch failed with both kinds,
     * the relay sends the records up to its end one at a time, so the refused one is found alone.
     */
    int relayBatch(KafkaProducer<String, byte[]> producer, RelaySource source) {
        SqlConnection conn = pool.getConnection().await().atMost(DB_TIMEOUT);
        try {
            conn.query("BEGIN").execute().await().atMost(DB_TIMEOUT);
            var checkpoint = checkpoints.lock(conn, source.checkpoint()).await().atMost(DB_TIMEOUT);
            batches.incrementAndGet();
            if (checkpoint == null) {
                conn.query("ROLLBACK").execute().await().atMost(DB_TIMEOUT);
                return 0; // another replica holds the relay lease
            }
            RelayCheckpoints.RelayCheckpoint isolate = isolateThrough.get(source.checkpoint());
            int limit = isolate != null && !checkpoint.isAfter(isolate) ? 1 : config.relay().batchSize();
            var batch = source.readCommittedAfter(conn, checkpoint, limit, config.relay().batchBytes())
                    .await().atMost(DB_TIMEOUT);
            if (batch.items().isEmpty()) {
                conn.query("ROLLBACK").execute().await().atMost(DB_TIMEOUT);
                return 0;
            }
            List<Future<RecordMetadata>> acks = new ArrayList<>(batch.items().size());
            long bytes = 0;
            for (RelaySource.Outgoing out : batch.items()) {
                bytes += out.value().length;
                acks.add(send(producer, record(source, out)));
            }
            batchBytes.record(bytes);
            long deadline = System.nanoTime() + config.relay().publishTimeout().toNanos();
            Map<Integer, Long> nextOffsets = new HashMap<>();
            Map<Integer, Throwable> refused = new LinkedHashMap<>();
            Throwable failure = null;
            for (int i = 0; i < acks.size(); i++) {
                try {
                    RecordMetadata m = acks.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    nextOffsets.merge(m.partition(), m.offset() + 1, Math::max);
                } catch (ExecutionException e) {
                    if (refusesRecord(e.getCause())) {
                        refused.put(i, e.getCause());
                    } else if (failure == null) {
                        failure = e.getCause();
                    }
                }
            }
            if (failure != null) {
                if (!refused.isEmpty()) {
                    isolateThrough.put(source.checkpoint(), batch.end());
                }
                throw new IllegalStateException("Kafka did not acknowledge the batch: " + failure, failure);
            }
            for (var r : refused.entrySet()) {
                setAside(conn, source, batch.items().get(r.getKey()), r.getValue());
            }
            source.published(conn, nextOffsets).await().atMost(DB_TIMEOUT);
            checkpoints.move(conn, source.checkpoint(), batch.end()).await().atMost(DB_TIMEOUT);
            conn.query("COMMIT").execute().await().atMost(DB_TIMEOUT);
            if (isolate != null && !isolate.isAfter(batch.end())) {
                isolateThrough.remove(source.checkpoint());
            }
            record(batch.items());
            return batch.items().size();
        } catch (Exception e) {
            conn.query("ROLLBACK").execute().onFailure().recoverWithNull().await().atMost(DB_TIMEOUT);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e.getMessage(), e);
        } finally {
            conn.close().await().atMost(DB_TIMEOUT);
        }
    }

    private static ProducerRecord<String, byte[]> record(RelaySource source, RelaySource.Outgoing out) {
        var record = new ProducerRecord<>(source.topic(), out.key(), out.value());
        record.headers().add("content-type", source.contentType().getBytes(StandardCharsets.UTF_8));
        ListFreshness.writeOrder(record.headers(), out.logOrder());
        return record;
    }

    /** The producer refuses some records before sending them (too large for it): as a failed acknowledgement. */
    private static Future<RecordMetadata> send(KafkaProducer<String, byte[]> producer,
            ProducerRecord<String, byte[]> record) {
        try {
            return producer.send(record);
        } catch (KafkaException e) {
            if (!refusesRecord(e)) {
                throw e;
            }
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Kafka refuses the record itself, and would refuse it every time: set it aside. */
    static boolean refusesRecord(Throwable e) {
        return e instanceof RecordTooLargeException || e instanceof RecordBatchTooLargeException
                || e instanceof InvalidRecordException || e instanceof SerializationException;
    }

    /** Dead-letters one record Kafka refused, in the batch's transaction; the rest of the batch goes on. */
    private void setAside(SqlConnection conn, RelaySource source, RelaySource.Outgoing out, Throwable why) {
        RelaySource.Event event = out.event();
        ProducerRecord<String, byte[]> original = record(source, out);
        DeadLetters.Letter letter = new DeadLetters.Letter("relay", reason(why), why.toString(), source.topic(),
                null, null, out.key(), event == null ? out.value() : event.envelope(), original.headers(),
                event == null ? null : event.streamId(), event == null ? null : event.version(),
                event == null ? null : event.eventId(), event == null ? null : event.position());
        deadLetters.publish(letter, config.relay().publishTimeout());
        deadLetters.record(conn, letter).await().atMost(DB_TIMEOUT);
        if (event == null) {
            return;
        }
        // what the topic feeds must still learn of the event; if that fails, the relay goes on
        conn.query("SAVEPOINT set_aside").execute().await().atMost(DB_TIMEOUT);
        try {
            for (SetAsideEvents listener : setAsideListeners) {
                listener.setAside(conn, event.streamId(), event.version()).await().atMost(DB_TIMEOUT);
            }
            conn.query("RELEASE SAVEPOINT set_aside").execute().await().atMost(DB_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.errorf("the event %s version %d was set aside, and its project could not be brought up to date"
                    + " in the list view: %s", event.streamId(), event.version(), e.toString());
            conn.query("ROLLBACK TO SAVEPOINT set_aside").execute().await().atMost(DB_TIMEOUT);
        }
    }

    private static String reason(Throwable why) {
        if (why instanceof RecordTooLargeException || why instanceof RecordBatchTooLargeException) {
            return "record-too-large";
        }
        return why instanceof SerializationException ? "unserializable" : "invalid-record";
    }

    private void record(List<RelaySource.Outgoing> records) {
        OffsetDateTime now = OffsetDateTime.now();
        for (RelaySource.Outgoing r : records) {
            relayLag.record(Duration.between(r.appendedAt(), now));
            metrics.counter("projects.relay.published", "type", r.type()).increment();
        }
    }
}
