import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the whole event topic (no consumer group) and counts, for the projects of a workspace,
 * the records and the redeliveries: the relay publishes at least once, so a record may appear
 * twice after a crash; consumers skip what they have applied, which is why the view has none.
 */
final class TopicRecords {
    static final String TOPIC = "projects.events.v1";

    record Counts(long records, long duplicates, long missing) {
    }

    /** The record values of one project on the topic, in the order of its partition. */
    static List<String> values(String bootstrap, String projectId) {
        List<String> values = new ArrayList<>();
        readAll(bootstrap, TOPIC, r -> {
            if (projectId.equals(r.key())) {
                values.add(r.value());
            }
        });
        return values;
    }

    /** One record of a topic: its key, value, headers (last value of each) and place. */
    record Rec(String key, String value, Map<String, String> headers, int partition, long offset) {
    }

    /** Every record of a topic whose key is one of {@code keys}, read from the beginning to the end. */
    static List<Rec> read(String bootstrap, String topic, Set<String> keys) {
        List<Rec> out = new ArrayList<>();
        readAll(bootstrap, topic, r -> {
            if (keys.contains(r.key())) {
                Map<String, String> headers = new HashMap<>();
                r.headers().forEach(h -> headers.put(h.key(), h.value() == null ? null
                        : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8)));
                out.add(new Rec(r.key(), r.value(), headers, r.partition(), r.offset()));
            }
        });
        return out;
    }

    /** Records of the given projects on the topic, and how many repeat a (project, version) already seen. */
    static Counts count(String bootstrap, Set<String> projects, Set<String> expectedVersions) {
        long[] counts = new long[2];
        Set<String> seen = new HashSet<>();
        readAll(bootstrap, TOPIC, r -> {
            if (projects.contains(r.key())) {
                String key = r.key() + ":" + Json.str(Json.tryParse(r.value()), "sequence");
                counts[0]++;
                if (!seen.add(key)) {
                    counts[1]++;
                }
            }
        });
        long missing = expectedVersions.stream().filter(v -> !seen.contains(v)).count();
        return new Counts(counts[0], counts[1], missing);
    }

    /** Hands every record of a topic, from its beginning to its end as of now, to {@code each} (at most 2 min). */
    private static void readAll(String bootstrap, String topic, Consumer<ConsumerRecord<String, String>> each) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("key.deserializer", StringDeserializer.class.getName());
        p.put("value.deserializer", StringDeserializer.class.getName());
        p.put("enable.auto.commit", "false");
        // records can be 16 MiB each and batches are compressed: a poll of 2,000 could be gigabytes
        p.put("max.poll.records", "20");
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : c.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(c.endOffsets(partitions, Duration.ofSeconds(30)));
            end.entrySet().removeIf(e -> e.getValue() == 0);
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (!end.isEmpty() && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(500)).forEach(each);
                end.entrySet().removeIf(e -> c.position(e.getKey()) >= e.getValue());
            }
        }
    }
}
