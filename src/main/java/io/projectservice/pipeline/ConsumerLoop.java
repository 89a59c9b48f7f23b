package io.projectservice.pipeline;

import java.time.Duration;
import java.time.Instant;
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
public abstract class ConsumerLoop<V> extends BackgroundLoop {
    private static final Logger LOG = Logger.getLogger(ConsumerLoop.class);

    private final String name;
    private final KafkaTopics topics;
    private final Duration retryPause;
    private volatile KafkaConsumer<String, V> consumer;
    private volatile Instant failingSince;

    protected ConsumerLoop(String name, KafkaTopics topics, Duration retryPause) {
        super(name);
        this.name = name;
        this.topics = topics;
        this.retryPause = retryPause;
    }

    /** The consumer's settings (group, client id, ...). */
    protected abstract Properties consumerProperties();

    /** A new consumer; by default with the deserializers {@link #consumerProperties()} names. */
    protected KafkaConsumer<String, V> newConsumer() {
        return new KafkaConsumer<>(consumerProperties());
    }

    protected abstract String topic();

    /** Handles one polled batch and commits the offsets of what it made durable. */
    protected abstract void handle(ConsumerRecords<String, V> records, KafkaConsumer<String, V> consumer);

    /** Since when the loop has been failing (every attempt), or null while it works. */
    public Instant failingSince() {
        return failingSince;
    }

    /** Called after a poll that brought nothing. */
    protected void idle(KafkaConsumer<String, V> consumer) {
    }

    @Override
    protected void unblock(Thread loopThread) {
        KafkaConsumer<String, V> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    @Override
    protected final void loop() {
        while (running()) {
            try (KafkaConsumer<String, V> c = newConsumer()) {
                consumer = c;
                topics.ensure();
                c.subscribe(List.of(topic()));
                while (running()) {
                    ConsumerRecords<String, V> records = c.poll(Duration.ofMillis(500));
                    if (records.isEmpty()) {
                        idle(c);
                    } else {
                        handle(records, c);
                        if (failingSince != null) {
                            LOG.infof("%s recovered after %s", name, Duration.between(failingSince, Instant.now()));
                            failingSince = null;
                        }
                    }
                }
            } catch (WakeupException e) {
                // stop() asked us to leave poll()
            } catch (RuntimeException | OutOfMemoryError e) {
                if (running()) {
                    if (failingSince == null) {
                        LOG.warnf("%s paused, will retry every %s: %s", name, retryPause, e.toString());
                        failingSince = Instant.now();
                    }
                    pause(retryPause);
                }
            } finally {
                consumer = null;
            }
        }
    }
}
