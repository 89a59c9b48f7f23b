package io.projectservice.eventstore;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * A Kafka consumer group member on its own thread. Whatever goes wrong (Kafka or the database
 * away), it pauses and starts over with a new consumer, which resumes from the last committed
 * offsets: a subclass commits only what it has made durable, so nothing is skipped.
 */
public abstract class ConsumerLoop extends BackgroundLoop {
    private static final Logger LOG = Logger.getLogger(ConsumerLoop.class);

    private final String name;
    private final KafkaTopics topics;
    private final Duration retryPause;
    private volatile KafkaConsumer<String, String> consumer;

    protected ConsumerLoop(String name, KafkaTopics topics, Duration retryPause) {
        super(name);
        this.name = name;
        this.topics = topics;
        this.retryPause = retryPause;
    }

    /** The consumer's settings (group, client id, ...). */
    protected abstract Properties consumerProperties();

    protected abstract String topic();

    /** Handles one polled batch and commits the offsets of what it made durable. */
    protected abstract void handle(ConsumerRecords<String, String> records, KafkaConsumer<String, String> consumer);

    /** Called after a poll that brought nothing. */
    protected void idle(KafkaConsumer<String, String> consumer) {
    }

    @Override
    protected void unblock(Thread loopThread) {
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    @Override
    protected final void loop() {
        boolean failing = false;
        while (running()) {
            try (KafkaConsumer<String, String> c = new KafkaConsumer<>(consumerProperties())) {
                consumer = c;
                topics.ensure();
                c.subscribe(List.of(topic()));
                while (running()) {
                    ConsumerRecords<String, String> records = c.poll(Duration.ofMillis(500));
                    if (records.isEmpty()) {
                        idle(c);
                    } else {
                        handle(records, c);
                        if (failing) {
                            LOG.infof("%s recovered", name);
                            failing = false;
                        }
                    }
                }
            } catch (WakeupException e) {
                // stop() asked us to leave poll()
            } catch (RuntimeException e) {
                if (running()) {
                    if (!failing) {
                        LOG.warnf("%s paused, will retry every %s: %s", name, retryPause, e.getMessage());
                        failing = true;
                    }
                    pause(retryPause);
                }
            } finally {
                consumer = null;
            }
        }
    }
}
