import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
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
        readAll(bootstrap, 60, r -> {
            if (projectId.equals(r.key())) {
                values.add(r.value());
            }
        });
        return values;
    }

    /** Every record of the topic from the first to the end offsets of when it began, within the bound. */
    private static void readAll(String bootstrap, int seconds,
            java.util.function.Consumer<ConsumerRecord<String, String>> each) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("key.deserializer", StringDeserializer.class.getName());
        p.put("value.deserializer", StringDeserializer.class.getName());
        p.put("enable.auto.commit", "false");
        p.put("max.poll.records", "2000");
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : c.partitionsFor(TOPIC, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(TOPIC, info.partition()));
            }
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(c.endOffsets(partitions, Duration.ofSeconds(30)));
            long deadline = System.nanoTime() + seconds * 1_000_000_000L;
            while (!end.isEmpty() && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(500)).forEach(each);
                end.entrySet().removeIf(e -> c.position(e.getKey()) >= e.getValue());
            }
        }
    }

    /** Records of the given projects on the topic, and how many repeat a (project, version) already seen. */
    static Counts count(String bootstrap, Set<String> projects, Set<String> expectedVersions) {
        long[] records = {0};
        long[] duplicates = {0};
        Set<String> seen = new HashSet<>();
        readAll(bootstrap, 120, r -> {
            if (!projects.contains(r.key())) {
                return;
            }
            Object event = Json.tryParse(r.value());
            records[0]++;
            if (!seen.add(r.key() + ":" + Json.str(event, "sequence"))) {
                duplicates[0]++;
            }
        });
        long missing = expectedVersions.stream().filter(v -> !seen.contains(v)).count();
        return new Counts(records[0], duplicates[0], missing);
    }
}
