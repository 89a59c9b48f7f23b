package io.projectservice.readmodel;

import io.projectservice.pipeline.ListFreshness;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.projectservice.pipeline.CloudEvents;
import io.projectservice.pipeline.EventRelay;
import io.projectservice.eventstore.EventStore;
import io.projectservice.eventstore.RecordedEvent;
import io.projectservice.support.Await;
import io.projectservice.support.EventLog;
import io.projectservice.support.KafkaResource;
import io.projectservice.support.Projects;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The list projector against the real topic, fed records a test producer puts there exactly as
 * the relay would (same key, CloudEvent and order headers): a redelivered older event changes
 * nothing; an event whose predecessors never arrived is healed from the log; a deleted project
 * stays deleted whatever older event comes after its tombstone.
 */
@QuarkusTest
class ProjectorRedeliveryTest {
    private static final String TOPIC = "projects.events.v1";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Projects PIA = Projects.of("pia", "acme", "projector-ws");

    @Inject
    EventRelay relay;

    @Inject
    EventStore store;

    @Inject
    Pool pool;

    @Inject
    EventLog log;

    @AfterEach
    void relayRuns() {
        relay.start();
    }

    @Test
    void redeliveryGapsAndTombstonesLeaveTheViewAsTheLogSays() throws Exception {
        String id = PIA.save(Map.of("name", "one"));
        awaitView(id, 1, "one", false);
        try (KafkaProducer<String, String> producer = producer()) {
            // a gap: versions 2 and 3 are in the log, not on the topic; only 3 arrives (it carries only
            // the name: the description of version 2 comes from the log)
            relay.stop();
            PIA.update(id, Map.of("description", "from version 2"));
            PIA.update(id, Map.of("name", "three"));
            awaitConsumed(send(producer, id, 3));
            assertView(id, 3, "three", false, "the gap before version 3 was healed from the log");
            assertEquals("from version 2", log.rows("SELECT description FROM project_list_view"
                    + " WHERE project_id = $1", id).get(0).getString(0), "the gap was healed from the log");

            // the relay then publishes 2 and 3 as usual: already applied, nothing changes
            relay.start();
            Await.until("the relay published versions 2 and 3", WAIT, () -> relayedUpTo(id, 3));
            PIA.request().get(PIA.path("list")).then().statusCode(200); // waits for the view to cover the log
            assertView(id, 3, "three", false, "after the relay's own records");

            // an older event delivered again
            awaitConsumed(send(producer, id, 1));
            assertView(id, 3, "three", false, "after a redelivered version 1");
            awaitConsumed(send(producer, id, 2));
            assertView(id, 3, "three", false, "after a redelivered version 2");

            // deleted: the tombstone wins over anything older
            PIA.cleanup(id, null).then().statusCode(200);
            awaitView(id, 4, "three", true);
            for (int v = 1; v <= 3; v++) {
                awaitConsumed(send(producer, id, v));
                assertView(id, 4, "three", true, "after version " + v + " came again behind the tombstone");
            }
            PIA.request().get(PIA.path("list")).then().statusCode(200).body("data.id", not(hasItem(id)));
        }
    }

    /** Sends event {@code version} of the project as the relay does; answers where it landed. */
    private RecordMetadata send(KafkaProducer<String, String> producer, String id, int version) throws Exception {
        RecordedEvent e = store.read(pool, id, version - 1, version).await().atMost(WAIT).get(0);
        String txId = log.rows("SELECT tx_id::text FROM project_events WHERE stream_id = $1 AND version = $2", id,
                version).get(0).getString(0);
        ProducerRecord<String, String> record = new ProducerRecord<>(TOPIC, id, CloudEvents.of(e).toString());
        record.headers().add(ListFreshness.LOG_TX_ID, txId.getBytes(StandardCharsets.UTF_8));
        record.headers().add(ListFreshness.LOG_POSITION,
                Long.toString(e.globalPosition()).getBytes(StandardCharsets.UTF_8));
        return producer.send(record).get();
    }

    private void awaitConsumed(RecordMetadata sent) {
        Await.until("the projector applied offset " + sent.offset() + " of partition " + sent.partition(), WAIT,
                () -> log.rows("SELECT 1 FROM projector_partition_marks WHERE topic = $1 AND partition = $2"
                        + " AND next_offset > $3", TOPIC, sent.partition(), sent.offset()).size() == 1);
    }

    private boolean relayedUpTo(String id, int version) {
        return log.rows("SELECT 1 FROM project_events e, relay_checkpoints c WHERE c.name = 'events'"
                + " AND e.stream_id = $1 AND e.version = $2 AND (e.tx_id, e.global_position)"
                + " <= (c.last_tx_id, c.last_position)", id, version).size() == 1;
    }

    private void awaitView(String id, int version, String name, boolean deleted) {
        Await.until("the view holds " + id + " at version " + version, WAIT, () -> log.rows(
                "SELECT 1 FROM project_list_view WHERE project_id = $1 AND version = $2", id, version).size() == 1);
        assertView(id, version, name, deleted, "");
    }

    private void assertView(String id, int version, String name, boolean deleted, String what) {
        var row = log.rows("SELECT version, name, deleted FROM project_list_view WHERE project_id = $1", id).get(0);
        assertEquals(version, row.getInteger(0), what);
        assertEquals(name, row.getString(1), what);
        assertEquals(deleted, row.getBoolean(2), what);
    }

    private static KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaResource.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(p);
    }
}
