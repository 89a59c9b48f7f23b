package io.projectservice.eventstore;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.projectservice.config.ServiceConfig;
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
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
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
 * The checkpoint moves only after Kafka acknowledged the whole batch.
 *
 * <p>The loop runs on its own thread (never an event loop) because the Kafka producer blocks.
 * It wakes on NOTIFY from each append, and polls as a fallback.
 */
@Singleton
public class EventRelay extends BackgroundLoop {
    private static final Logger LOG = Logger.getLogger(EventRelay.class);
    private static final Duration DB_TIMEOUT = Duration.ofSeconds(30);
    /** Headers of an event record: its writing transaction and position, the relay's order. */
    public static final String LOG_TX_ID = "log-tx-id";
    public static final String LOG_POSITION = "log-position";

    private final Pool pool;
    private final ServiceConfig config;
    private final KafkaSettings kafka;
    private final PgNotifications notifications;
    private final EventStore store;
    private final KafkaTopics topics;
    private final List<RelaySource> sources;
    private final MeterRegistry metrics;
    private final Timer relayLag;
    private final AtomicLong batches = new AtomicLong();

    public EventRelay(Pool pool, ServiceConfig config, KafkaSettings kafka, PgNotifications notifications,
            EventStore store, KafkaTopics topics, Instance<RelaySource> sources, MeterRegistry metrics) {
        super("event-relay");
        this.pool = pool;
        this.config = config;
        this.kafka = kafka;
        this.notifications = notifications;
        this.store = store;
        this.topics = topics;
        this.sources = sources.stream().toList();
        this.metrics = metrics;
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

    @Override
    protected void loop() {
        Duration poll = config.relay().pollInterval();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka.producer("projects-relay"))) {
            boolean failing = false;
            while (running()) {
                try {
                    topics.ensure();
                    for (RelaySource source : sources) {
                        int n;
                        do {
                            n = relayBatch(producer, source);
                        } while (running() && n == config.relay().batchSize());
                    }
                    if (failing) {
                        LOG.info("relay recovered");
                        failing = false;
                    }
                } catch (RuntimeException e) {
                    if (!failing) {
                        LOG.warnf("relay paused, will retry every %s: %s", poll, e.getMessage());
                        failing = true;
                    }
                }
                pause(poll);
            }
        }
    }

    /** One batch of one source in one transaction; returns how many records it published. */
    int relayBatch(KafkaProducer<String, String> producer, RelaySource source) {
        SqlConnection conn = pool.getConnection().await().atMost(DB_TIMEOUT);
        try {
            conn.query("BEGIN").execute().await().atMost(DB_TIMEOUT);
            var checkpoint = store.lockRelayCheckpoint(conn, source.checkpoint()).await().atMost(DB_TIMEOUT);
            batches.incrementAndGet();
            if (checkpoint == null) {
                conn.query("ROLLBACK").execute().await().atMost(DB_TIMEOUT);
                return 0; // another replica holds the relay lease
            }
            var batch = source.readCommittedAfter(conn, checkpoint, config.relay().batchSize())
                    .await().atMost(DB_TIMEOUT);
            if (batch.items().isEmpty()) {
                conn.query("ROLLBACK").execute().await().atMost(DB_TIMEOUT);
                return 0;
            }
            List<Future<RecordMetadata>> acks = new ArrayList<>(batch.items().size());
            for (RelaySource.Outgoing out : batch.items()) {
                var record = new ProducerRecord<>(source.topic(), out.key(), out.value());
                record.headers().add("content-type", source.contentType().getBytes(StandardCharsets.UTF_8));
                if (out.logOrder() != null) {
                    record.headers().add(LOG_TX_ID, out.logOrder().txId().getBytes(StandardCharsets.UTF_8));
                    record.headers().add(LOG_POSITION,
                            Long.toString(out.logOrder().position()).getBytes(StandardCharsets.UTF_8));
                }
                acks.add(producer.send(record));
            }
            long deadline = System.nanoTime() + config.relay().publishTimeout().toNanos();
            Map<Integer, Long> nextOffsets = new HashMap<>();
            for (Future<RecordMetadata> ack : acks) {
                RecordMetadata m = ack.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                nextOffsets.merge(m.partition(), m.offset() + 1, Math::max);
            }
            if (source.topic().equals(config.kafka().eventsTopic())) {
                store.markPublished(conn, source.topic(), nextOffsets).await().atMost(DB_TIMEOUT);
            }
            store.moveRelayCheckpoint(conn, source.checkpoint(), batch.end()).await().atMost(DB_TIMEOUT);
            conn.query("COMMIT").execute().await().atMost(DB_TIMEOUT);
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

    private void record(List<RelaySource.Outgoing> records) {
        OffsetDateTime now = OffsetDateTime.now();
        for (RelaySource.Outgoing r : records) {
            relayLag.record(Duration.between(r.appendedAt(), now));
            metrics.counter("projects.relay.published", "type", r.type()).increment();
        }
    }
}
