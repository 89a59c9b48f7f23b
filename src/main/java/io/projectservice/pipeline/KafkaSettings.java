package io.projectservice.pipeline;

import jakarta.enterprise.context.ApplicationScoped;
import io.smallrye.common.annotation.Identifier;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Client settings for the relay's producer, the consumers and the admin client. Every
 * {@code kafka.*} property (env {@code KAFKA_*}) is passed through, so TLS and SASL are plain
 * configuration: {@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_MECHANISM},
 * {@code KAFKA_SASL_JAAS_CONFIG}, {@code KAFKA_SSL_TRUSTSTORE_LOCATION}, ...
 */
@ApplicationScoped
public class KafkaSettings {
    /**
     * Largest record the relay sends (the producer's {@code max.request.size}, checked on the
     * uncompressed record) and the event topic takes ({@code max.message.bytes}, as topics are
     * created here and declared in k8s/base/kafka-topics.yaml): an event's data is at most
     * {@code projects.pipeline.max-event-bytes} (15 MiB), and the envelope, key and headers fit
     * in the rest.
     */
    public static final int MAX_RECORD_BYTES = 16 * 1024 * 1024;
    /** What a record holds besides the event's data: the CloudEvents envelope, the key, headers, batch framing. */
    public static final int ENVELOPE_ROOM = 64 * 1024;
    /**
     * Bytes one fetch of a consumer brings at most (a single larger record still comes alone): with
     * {@code max.poll.records}, what a poll holds in memory.
     */
    static final int FETCH_MAX_BYTES = 8 * 1024 * 1024;

    private final String bootstrapServers;
    private final Map<String, Object> common;

    public KafkaSettings(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @Identifier("default-kafka-broker") Map<String, Object> common) {
        this.bootstrapServers = bootstrapServers;
        this.common = common;
    }

    /** The pass-through settings, for any client. */
    public Properties common() {
        Properties p = new Properties();
        common.forEach((k, v) -> {
            if (!k.startsWith("health") && !k.startsWith("devservices") && !k.startsWith("snappy")) {
                p.put(k, v);
            }
        });
        p.put("bootstrap.servers", bootstrapServers);
        return p;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Idempotent, fully acknowledged, ordered per key; fails fast enough for the relay to retry. */
    public Properties producer(String clientId) {
        Properties p = common();
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_RECORD_BYTES);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    /** Manual commits after the work is durable: at-least-once, made harmless by idempotent consumers. */
    public Properties consumer(String groupId, String clientId) {
        Properties p = common();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, FETCH_MAX_BYTES);
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 1024 * 1024);
        p.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        // A consumer that dies without leaving its group (kill -9, a lost node) keeps its partitions
        // until its session expires, and nobody reads them meanwhile: 10 s rather than the default
        // 45 s bounds that pause. KAFKA_SESSION_TIMEOUT_MS overrides it.
        p.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        p.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return p;
    }
}
