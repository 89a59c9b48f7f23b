package io.projectservice.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.projectservice.support.EventLog;
import io.projectservice.support.KafkaResource;
import io.projectservice.support.Projects;
import io.projectservice.support.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The relay's lease and its all-or-nothing batches, driven by hand with the service's own relay
 * stopped: a second relay finds the lease taken and publishes nothing; a batch Kafka cannot take
 * moves no checkpoint, and the next one publishes every event, per project in version order.
 */
@QuarkusTest
class RelayLeaseAndOutageTest {
    private static final Duration DB = Duration.ofSeconds(10);
    private static final Projects RAY = Projects.of("ray", "acme", "relay-lease");

    @Inject
    EventRelay relay;

    @Inject
    EventLogSource events;

    @Inject
    KafkaSettings kafka;

    @Inject
    Pool pool;

    @Inject
    EventLog log;

    @BeforeEach
    void stopTheServicesRelay() {
        relay.stop();
    }

    @AfterEach
    void restart() {
        KafkaResource.link().restore();
        relay.start();
    }

    @Test
    void aRelayFindingTheLeaseTakenPublishesNothingUntilItIsFree() {
        String id = RAY.create("Leased");
        String before = checkpoint();
        SqlConnection holder = pool.getConnection().await().atMost(DB);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.producer("test-relay"))) {
            holder.query("BEGIN").execute().await().atMost(DB);
            assertTrue(holder.query("SELECT 1 FROM relay_checkpoints WHERE name = 'events' FOR UPDATE SKIP LOCKED")
                    .execute().await().atMost(DB).size() == 1, "the test holds the lease");
            assertEquals(0, relay.relayBatch(producer, events), "another relay holds the lease: nothing published");
            assertEquals(before, checkpoint());
            holder.query("ROLLBACK").execute().await().atMost(DB);

            int published = relay.relayBatch(producer, events);
            assertTrue(published >= 1, "the lease is free: the pending events go out");
            assertTrue(!checkpoint().equals(before), "and the checkpoint moves past them");
        } finally {
            holder.close().await().atMost(DB);
        }
        try (TopicReader reader = new TopicReader("projects.events.v1")) {
            List<ConsumerRecord<String, String>> seen = reader.readUntil(
                    records -> records.stream().anyMatch(r -> id.equals(r.key())), Duration.ofSeconds(30));
            assertEquals(1, seen.stream().filter(r -> id.equals(r.key())).count(), "published once");
        }
    }

    @Test
    void aBatchKafkaCannotTakeMovesNothingAndTheNextPublishesItAllInOrder() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String id = RAY.create("Outage " + i);
            for (int v = 2; v <= 5; v++) {
                RAY.update(id, Map.of("metadata", Map.of("v", v)));
            }
            ids.add(id);
        }
        String before = checkpoint();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.producer("test-relay-outage"))) {
            producer.partitionsFor("projects.events.v1"); // connected, as a running relay is
            KafkaResource.link().cut();
            assertThrows(RuntimeException.class, () -> relay.relayBatch(producer, events),
                    "Kafka is unreachable: the batch fails");
            assertEquals(before, checkpoint(), "a failed batch moves no checkpoint");
            KafkaResource.link().restore();
            int published = 0;
            List<RuntimeException> failedAfterRestore = new ArrayList<>();
            for (int round = 0; round < 100 && !caughtUp() && failedAfterRestore.size() < 5; round++) {
                String at = checkpoint();
                try {
                    published += relay.relayBatch(producer, events);
                } catch (RuntimeException e) {
                    // the producer may still be reconnecting (its batch expires after the 10 s
                    // delivery timeout on a busy machine): the relay's loop retries, so does this
                    assertEquals(at, checkpoint(), "a failed batch moves no checkpoint");
                    failedAfterRestore.add(e);
                }
            }
            assertTrue(caughtUp(), "the relay caught up with the log (failed batches after the restore: "
                    + failedAfterRestore + ")");
            assertTrue(published >= 20, "every pending event went out: " + published);
        }
        try (TopicReader reader = new TopicReader("projects.events.v1")) {
            List<ConsumerRecord<String, String>> seen = reader.readUntil(records -> ids.stream().allMatch(
                    id -> records.stream().filter(r -> id.equals(r.key())).map(r -> TopicReader.value(r)
                            .get("sequence").asInt()).distinct().count() == 5), Duration.ofSeconds(30));
            for (String id : ids) {
                List<Integer> versions = seen.stream().filter(r -> id.equals(r.key()))
                        .map(r -> TopicReader.value(r).get("sequence").asInt()).toList();
                assertEquals(List.of(1, 2, 3, 4, 5), versions.stream().distinct().toList(),
                        id + ": every version, first seen in order (a retried send may repeat some): " + versions);
            }
        }
    }

    private boolean caughtUp() {
        return log.rows("SELECT NOT EXISTS (SELECT 1 FROM project_events e, relay_checkpoints c"
                + " WHERE c.name = 'events' AND (e.tx_id, e.global_position) > (c.last_tx_id, c.last_position))")
                .get(0).getBoolean(0);
    }

    private String checkpoint() {
        return log.rows("SELECT last_tx_id::text || '/' || last_position FROM relay_checkpoints WHERE name = 'events'")
                .get(0).getString(0);
    }
}
