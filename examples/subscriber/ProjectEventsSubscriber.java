import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Prints the changes of projects as they happen: one line per event of projects.events.v1 with
 * its time, type, project id, version, actor and workspace, plus a short detail (for a share's
 * events: the share, its recipient and role, so who may see a project can be followed).
 *
 * <p>Each record is a CloudEvent (structured JSON): {@code type = projects.<EventType>.v1},
 * {@code subject} = project id, {@code sequence} = the project's version after the event,
 * {@code source = /workspaces/<workspace>/projects/<id>}, {@code actor}, {@code time}, and the
 * event's payload in {@code data}. Delivery is at least once and in order per project, so the
 * subscriber skips an event whose (project, version) it has already printed.
 *
 * <p>Without {@code --group} it reads every partition directly (nothing is stored in Kafka);
 * with {@code --group NAME} it joins that consumer group and resumes where the group left off.
 */
public class ProjectEventsSubscriber {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        String bootstrap = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS",
                "127.0.0.1:" + System.getenv().getOrDefault("KAFKA_PORT", "59092"));
        String topic = "projects.events.v1";
        String group = null;
        String config = null;
        boolean fromBeginning = false;
        boolean raw = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bootstrap" -> bootstrap = value(args, ++i);
                case "--topic" -> topic = value(args, ++i);
                case "--group" -> group = value(args, ++i);
                case "--config" -> config = value(args, ++i);
                case "--from-beginning" -> fromBeginning = true;
                case "--raw" -> raw = true;
                case "-h", "--help" -> {
                    usage();
                    return;
                }
                default -> {
                    System.err.println("unknown argument: " + args[i]);
                    usage();
                    System.exit(2);
                }
            }
        }

        Properties p = new Properties();
        if (config != null) {
            // client settings of your own, e.g. TLS and the client certificate in Kubernetes
            try (var in = java.nio.file.Files.newBufferedReader(java.nio.file.Path.of(config))) {
                p.load(in);
            }
        }
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "project-events-subscriber");
        // a record can be up to 16 MiB (an imported project carries its whole content), and batches
        // are compressed: bound what one poll holds by records rather than by fetched bytes
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 20);
        if (group != null) {
            p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        }

        AtomicBoolean running = new AtomicBoolean(true);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            Thread main = Thread.currentThread();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                running.set(false);
                consumer.wakeup();
                try {
                    main.join(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            if (group != null) {
                consumer.subscribe(List.of(topic));
            } else {
                List<TopicPartition> partitions = waitForPartitions(consumer, topic, running);
                consumer.assign(partitions);
                if (fromBeginning) {
                    consumer.seekToBeginning(partitions);
                } else {
                    consumer.seekToEnd(partitions);
                    partitions.forEach(consumer::position); // pin "now" before anything else happens
                }
            }
            System.err.printf("listening on %s at %s%s; Ctrl-C to stop%n", topic, bootstrap,
                    group == null ? "" : " as group " + group);
            if (!raw) {
                System.out.printf("%-32s %-17s %-16s %4s  %-12s %-12s %s%n",
                        "time", "type", "project", "ver", "actor", "workspace", "detail");
                System.out.flush();
            }
            Map<String, Integer> printed = new HashMap<>();
            while (running.get()) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (raw) {
                        System.out.println(r.value());
                    } else {
                        print(r, printed);
                    }
                }
                if (group != null) {
                    consumer.commitSync(); // after printing: at least once
                }
            }
        } catch (WakeupException e) {
            // Ctrl-C
        }
    }

    private static void print(ConsumerRecord<String, String> r, Map<String, Integer> printed) {
        JsonNode ce;
        try {
            ce = JSON.readTree(r.value());
        } catch (Exception e) {
            System.err.printf("skipping unreadable record %s-%d@%d: %s%n", r.topic(), r.partition(), r.offset(),
                    e.getMessage());
            return;
        }
        String project = ce.path("subject").asText(r.key());
        int version = ce.path("sequence").asInt();
        Integer seen = printed.get(project);
        if (seen != null && version <= seen) {
            return; // a redelivery: already printed
        }
        printed.put(project, version);
        String type = ce.path("type").asText();
        if (type.startsWith("projects.") && type.endsWith(".v1")) {
            type = type.substring("projects.".length(), type.length() - ".v1".length());
        }
        String[] source = ce.path("source").asText().split("/"); // /workspaces/{ws}/projects/{id}
        String workspace = source.length > 2 ? source[2] : "?";
        System.out.printf("%-32s %-17s %-16s %4d  %-12s %-12s %s%n", ce.path("time").asText(), type, project,
                version, ce.path("actor").asText("-"), workspace, detail(type, ce.path("data")));
        System.out.flush();
    }

    /** A few words on what changed, by event type. */
    private static String detail(String type, JsonNode data) {
        return switch (type) {
            case "ProjectCreated", "ProjectImported" -> "name=" + data.at("/content/name") + " scope="
                    + data.path("scope").asText();
            case "ProjectCopied" -> "name=" + data.at("/content/name") + " from " + data.at("/source/project_id").asText()
                    + " v" + data.at("/source/version").asText() + " scope=" + data.path("scope").asText();
            case "ProjectUpdated", "ContextAnalyzed" -> "changed " + fields(data.path("changes"));
            case "ProjectDeleted" -> "reason=" + data.path("reason").asText("-");
            case "ProjectShared" -> "share=" + data.path("share_id").asText() + " to " + data.path("recipient")
                    + " as " + data.path("share_role").asText()
                    + (data.path("expires_at").isTextual() ? " until " + data.path("expires_at").asText() : "");
            case "ShareRoleChanged" -> "share=" + data.path("share_id").asText() + " "
                    + data.path("previous_role").asText() + " -> " + data.path("share_role").asText();
            case "ShareSuperseded" -> "share=" + data.path("share_id").asText() + " by "
                    + data.path("superseded_by").asText();
            case "ShareAccepted", "ShareRevoked", "ShareLeft" -> "share=" + data.path("share_id").asText();
            default -> "";
        };
    }

    private static String fields(JsonNode changes) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = changes.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        return String.join(",", names);
    }

    private static List<TopicPartition> waitForPartitions(KafkaConsumer<String, String> consumer, String topic,
            AtomicBoolean running) throws InterruptedException {
        boolean told = false;
        while (running.get()) {
            List<PartitionInfo> infos = consumer.listTopics(Duration.ofSeconds(10)).get(topic);
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            }
            if (!told) {
                System.err.println("waiting for topic " + topic + " to exist ...");
                told = true;
            }
            Thread.sleep(1_000);
        }
        throw new WakeupException();
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            System.err.println(args[i - 1] + " needs a value");
            System.exit(2);
        }
        return args[i];
    }

    private static void usage() {
        System.err.println("""
                usage: examples/subscriber/run.sh [--bootstrap HOST:PORT] [--topic NAME] [--group NAME] [--from-beginning] [--raw]
                                                 [--config FILE]

                Prints one line per event of projects.events.v1: time, type, project id, version, actor,
                workspace, detail.
                  --bootstrap       Kafka bootstrap servers (default: $KAFKA_BOOTSTRAP_SERVERS, else
                                    127.0.0.1:$KAFKA_PORT (59092 when unset), the broker of
                                    deploy/local/run.sh)
                  --topic           default projects.events.v1
                  --group NAME      join consumer group NAME and resume from its committed offsets;
                                    without it every partition is read directly and nothing is stored
                  --from-beginning  start at the oldest event instead of now (for a group: only when
                                    it has no committed offsets yet)
                  --raw             print each record's value (the CloudEvent JSON) as it is
                  --config FILE     more Kafka client settings (a .properties file), e.g.
                                    security.protocol=SSL and the keystore of a KafkaUser
                """);
    }
}
