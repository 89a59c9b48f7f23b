package io.projectservice.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.projectservice.config.ServiceConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jboss.logging.Logger;

/**
 * Records the pipeline sets aside so the rest flows: a record the relay cannot publish, or one the
 * list projector cannot read or apply. Each goes to the dead-letter topic (key as it was, the
 * reason in headers), is counted ({@code projects_dead_letters_total{stage,reason}}), logged, and
 * written to {@code dead_letters} (readiness names the newest; the projector skips one it has set
 * aside already when Kafka delivers it again).
 */
@ApplicationScoped
public class DeadLetters {
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    /** Headers of a dead letter, besides the original record's own. */
    public static final String STAGE = "dlq-stage";
    public static final String REASON = "dlq-reason";
    public static final String ERROR = "dlq-error";
    public static final String SOURCE_TOPIC = "dlq-source-topic";
    public static final String SOURCE_PARTITION = "dlq-source-partition";
    public static final String SOURCE_OFFSET = "dlq-source-offset";
    public static final String TIME = "dlq-time";
    /**
     * On a dead letter without a value: the size of the record's value, too large to be copied (it
     * is still on its topic, at the partition and offset the headers name).
     */
    public static final String VALUE_OMITTED = "dlq-value-omitted-bytes";
    private static final int ERROR_MAX_CHARS = 500;

    private final ServiceConfig config;
    private final KafkaSettings kafka;
    private final MeterRegistry metrics;
    private KafkaProducer<String, byte[]> producer;

    public DeadLetters(ServiceConfig config, KafkaSettings kafka, MeterRegistry metrics) {
        this.config = config;
        this.kafka = kafka;
        this.metrics = metrics;
    }

    /**
     * One record set aside. {@code partition} and {@code offset} say where the projector read it
     * (null for the relay's); the event's identity is null when the record does not name one.
     */
    public record Letter(String stage, String reason, String error, String sourceTopic, Integer partition,
            Long offset, String key, byte[] value, Headers headers, String streamId, Integer version,
            UUID eventId, Long position) {

        public Letter {
            error = error == null ? "" : error.length() > ERROR_MAX_CHARS ? error.substring(0, ERROR_MAX_CHARS) : error;
        }
    }

    /**
     * Sends the letter to the dead-letter topic and waits for Kafka's acknowledgement (blocking:
     * pipeline threads only). Throws when Kafka does not take it: then nothing may move past the
     * record, and the caller retries later.
     */
    public void publish(Letter letter, Duration timeout) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(config.kafka().deadLetterTopic(), letter.key(),
                letter.value());
        if (letter.headers() != null) {
            for (Header h : letter.headers()) {
                record.headers().add(h);
            }
        }
        header(record, STAGE, letter.stage());
        header(record, REASON, letter.reason());
        header(record, ERROR, letter.error());
        header(record, SOURCE_TOPIC, letter.sourceTopic());
        if (letter.partition() != null) {
            header(record, SOURCE_PARTITION, letter.partition().toString());
            header(record, SOURCE_OFFSET, letter.offset().toString());
        }
        header(record, TIME, OffsetDateTime.now().toString());
        try {
            producer().send(record).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the dead-letter topic did not take a record: " + e.getCause(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the dead-letter topic did not acknowledge within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Records the letter in {@code dead_letters}, counts it and logs it (in the caller's transaction). */
    public Uni<Void> record(SqlClient tx, Letter letter) {
        return tx.preparedQuery("""
                INSERT INTO dead_letters (stage, reason, error, source_topic, source_partition,
                source_offset, record_key, stream_id, version, event_id, log_position)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING""")
                .execute(Tuple.tuple().addString(letter.stage()).addString(letter.reason()).addString(letter.error())
                        .addString(letter.sourceTopic()).addInteger(letter.partition()).addLong(letter.offset())
                        .addString(letter.key()).addString(letter.streamId()).addInteger(letter.version())
                        .addUUID(letter.eventId()).addLong(letter.position()))
                .invoke(x -> {
                    metrics.counter("projects.dead.letters", "stage", letter.stage(), "reason", letter.reason())
                            .increment();
                    LOG.errorf("dead letter (%s, %s): %s record %s%s of %s, sent to %s: %s", letter.stage(),
                            letter.reason(), letter.sourceTopic(), letter.key(),
                            letter.partition() == null ? "" : " at " + letter.partition() + "@" + letter.offset(),
                            letter.streamId() == null ? "an unknown event"
                                    : letter.streamId() + " version " + letter.version(),
                            config.kafka().deadLetterTopic(), letter.error());
                })
                .replaceWithVoid();
    }

    /** Whether the projector has already set aside the record at this place (it is delivered again). */
    public Uni<Boolean> alreadySetAside(SqlClient client, String topic, int partition, long offset) {
        return client.preparedQuery("""
                SELECT 1 FROM dead_letters WHERE source_topic = $1 AND source_partition = $2
                AND source_offset = $3""").execute(Tuple.of(topic, partition, offset))
                .map(rows -> rows.size() > 0);
    }

    private synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(kafka.producer("projects-dead-letters"));
        }
        return producer;
    }

    void onStop(@Observes ShutdownEvent event) {
        KafkaProducer<String, byte[]> p;
        synchronized (this) {
            p = producer;
            producer = null;
        }
        if (p != null) {
            p.close(Duration.ofSeconds(5));
        }
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().remove(name);
        record.headers().add(name, value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8));
    }
}
