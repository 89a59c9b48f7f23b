package io.projectservice.pipeline;

import io.projectservice.config.ServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.jboss.logging.Logger;

/**
 * Creates the service's topics when they are missing (local runs and tests): the events, the
 * analysis requests and the dead letters, each taking records up to
 * {@link KafkaSettings#MAX_RECORD_BYTES}. In Kubernetes they are declared resources
 * (k8s/base/kafka-topics.yaml) and {@code projects.kafka.create-topics=false}.
 */
@ApplicationScoped
public class KafkaTopics {
    private static final Logger LOG = Logger.getLogger(KafkaTopics.class);

    private final ServiceConfig config;
    private final KafkaSettings kafka;
    private volatile boolean ensured;

    public KafkaTopics(ServiceConfig config, KafkaSettings kafka) {
        this.config = config;
        this.kafka = kafka;
    }

    /** Blocking; call from a worker thread. Throws when Kafka cannot be reached. */
    public void ensure() {
        if (ensured || !config.kafka().createTopics()) {
            return;
        }
        Properties p = kafka.common();
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        try (Admin admin = Admin.create(p)) {
            Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : List.of(config.kafka().eventsTopic(), config.kafka().analysisTopic(),
                    config.kafka().deadLetterTopic())) {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, config.kafka().partitions(), config.kafka().replicationFactor())
                            .configs(Map.of("retention.ms", "-1", "max.message.bytes",
                                    String.valueOf(KafkaSettings.MAX_RECORD_BYTES))));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(10, TimeUnit.SECONDS);
                LOG.infof("created topics %s", missing.stream().map(NewTopic::name).toList());
            }
            ensured = true;
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException) {
                ensured = true;
                return;
            }
            throw new IllegalStateException("cannot create Kafka topics: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within 10 s", e);
        }
    }
}
