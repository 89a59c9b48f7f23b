package io.projectservice.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.projectservice.pipeline.ListFreshness.CheckPath;
import io.projectservice.pipeline.ListFreshness.PartitionMarks;
import io.projectservice.pipeline.ListFreshness.PipelinePosition;
import io.projectservice.pipeline.ListFreshness.Plan;
import io.projectservice.pipeline.RelayCheckpoints.RelayCheckpoint;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The freshness check of {@code list} without a database or Kafka: which way the marks allow
 * (drained, recent after a horizon, sums), the horizon chosen, the RECENT bound, and the order
 * headers both ends of the pipeline use. The integration side: StaleListTest, ReadYourWritesTest.
 */
class ListFreshnessTest {

    private static RelayCheckpoint at(long tx, long position) {
        return new RelayCheckpoint(Long.toString(tx), position);
    }

    /** A partition: the relay's next offset, the projector's (null: none) and its newest applied event. */
    private static PartitionMarks p(int partition, long relay, Long projector, RelayCheckpoint newest) {
        return new PartitionMarks(partition, relay, projector, newest);
    }

    private static String describe(Plan plan) {
        if (plan instanceof Plan.Recent recent) {
            return "recent after " + recent.horizon().txId() + "/" + recent.horizon().position();
        }
        return plan instanceof Plan.Drained ? "drained" : "sums";
    }

    static Stream<Arguments> positions() {
        RelayCheckpoint checkpoint = at(900, 50);
        return Stream.of(
                Arguments.of("no relay marks yet: nothing to compare", true, checkpoint, List.of(), "sums"),
                Arguments.of("no relay marks and events waiting", false, checkpoint, List.of(), "sums"),
                Arguments.of("everything relayed and applied", true, checkpoint,
                        List.of(p(0, 10, 10L, at(800, 1)), p(1, 7, 7L, at(850, 3))), "drained"),
                Arguments.of("the projector ahead of an older relay mark (marks reset, replay)", true, checkpoint,
                        List.of(p(0, 10, 12L, at(800, 1))), "drained"),
                Arguments.of("applied everywhere but events wait for the relay: after its checkpoint", false,
                        checkpoint, List.of(p(0, 10, 10L, at(800, 1)), p(1, 7, 7L, at(850, 3))),
                        "recent after 900/50"),
                Arguments.of("behind in one partition: after its newest applied event", true, checkpoint,
                        List.of(p(0, 10, 8L, at(700, 4)), p(1, 7, 7L, at(850, 3))), "recent after 700/4"),
                Arguments.of("behind in two: the older of their newest events", true, checkpoint,
                        List.of(p(0, 10, 8L, at(700, 4)), p(1, 7, 5L, at(650, 9))), "recent after 650/9"),
                Arguments.of("same transaction: the lower position", true, checkpoint,
                        List.of(p(0, 10, 8L, at(700, 4)), p(1, 7, 5L, at(700, 2))), "recent after 700/2"),
                Arguments.of("behind, and its newest event after the checkpoint: the checkpoint", false, checkpoint,
                        List.of(p(0, 10, 8L, at(950, 4))), "recent after 900/50"),
                Arguments.of("a caught-up partition's newest event is not a horizon", true, checkpoint,
                        List.of(p(0, 10, 10L, at(100, 1)), p(1, 7, 5L, at(700, 2))), "recent after 700/2"),
                Arguments.of("behind where the projector has no mark at all", true, checkpoint,
                        List.of(p(0, 10, 10L, at(800, 1)), p(1, 7, null, null)), "sums"),
                Arguments.of("behind where it applied only records without order headers", true, checkpoint,
                        List.of(p(0, 10, 3L, null)), "sums"),
                Arguments.of("caught up where it has no order headers: no horizon needed", false, checkpoint,
                        List.of(p(0, 10, 10L, null)), "recent after 900/50"),
                Arguments.of("caught up without headers, drained", true, checkpoint,
                        List.of(p(0, 10, 10L, null)), "drained"),
                Arguments.of("transaction ids compare as numbers, not text", true, checkpoint,
                        List.of(p(0, 10, 8L, at(99, 1)), p(1, 7, 5L, at(100, 1))), "recent after 99/1"),
                Arguments.of("transaction ids past 2^63 compare unsigned", true,
                        new RelayCheckpoint("18446744073709551000", 5),
                        List.of(p(0, 10, 8L, new RelayCheckpoint("9223372036854775808", 1))),
                        "recent after 9223372036854775808/1"),
                Arguments.of("one partition of many behind by one record", true, checkpoint,
                        List.of(p(0, 10, 10L, at(1, 1)), p(1, 10, 10L, at(2, 1)), p(2, 10, 9L, at(880, 7)),
                                p(3, 10, 10L, at(3, 1))), "recent after 880/7"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("positions")
    void theMarksChooseTheWay(String name, boolean allRelayed, RelayCheckpoint checkpoint,
            List<PartitionMarks> partitions, String expected) {
        assertEquals(expected, describe(ListFreshness.plan(new PipelinePosition(allRelayed, checkpoint, partitions))),
                name);
    }

    @Test
    void recentDecidesUpToItsBoundThenLeavesItToTheSums() {
        assertEquals(new ListFreshness.Coverage(true, CheckPath.RECENT), ListFreshness.recentAnswer(0, true));
        assertEquals(new ListFreshness.Coverage(false, CheckPath.RECENT), ListFreshness.recentAnswer(3, false));
        assertEquals(new ListFreshness.Coverage(true, CheckPath.RECENT),
                ListFreshness.recentAnswer(ListFreshness.RECENT_LIMIT, true));
        assertNull(ListFreshness.recentAnswer(ListFreshness.RECENT_LIMIT + 1, true), "past the bound: sums");
        assertNull(ListFreshness.recentAnswer(ListFreshness.RECENT_LIMIT + 1, false));
    }

    @Test
    void theRelaysOrderComparesTransactionsThenPositions() {
        assertTrue(at(701, 1).isAfter(at(700, 99)));
        assertTrue(at(700, 5).isAfter(at(700, 4)));
        assertFalse(at(700, 4).isAfter(at(700, 4)));
        assertFalse(at(699, 100).isAfter(at(700, 1)));
        assertTrue(at(1000, 1).isAfter(at(999, 1)), "numbers, not text");
        assertTrue(new RelayCheckpoint("18446744073709551615", 0).isAfter(at(Long.MAX_VALUE, 0)), "unsigned");
    }

    @Test
    void theOrderHeadersTheRelayWritesAreReadBack() {
        RecordHeaders headers = new RecordHeaders();
        ListFreshness.writeOrder(headers, at(4242, 17));
        RelayCheckpoint read = ListFreshness.newestOrder(List.of(record(0, headers)));
        assertEquals(at(4242, 17), read);

        RecordHeaders none = new RecordHeaders();
        ListFreshness.writeOrder(none, null);
        assertFalse(none.iterator().hasNext(), "a record outside the log's order gets no headers");
    }

    @Test
    void theNewestRecordIsTheLastInTheRelaysOrderNotTheLastInTheBatch() {
        List<ConsumerRecord<String, String>> records = List.of(
                record(0, "700", "41"),
                record(1, "705", "40"), // a later transaction with a lower position: newer
                record(2, "700", "43"),
                record(3, null, null), // a record from another producer: no order headers
                record(4, "700", "44")); // the relay's retry of an older batch comes last
        RelayCheckpoint newest = ListFreshness.newestOrder(records);
        assertEquals("705", newest.txId());
        assertEquals(40, newest.position());

        assertEquals(44, ListFreshness.newestOrder(List.of(record(0, "700", "43"), record(1, "700", "44"))).position(),
                "within one transaction, the higher position");
        assertNull(ListFreshness.newestOrder(List.of(record(0, null, null))), "no headers: no mark");
        assertNull(ListFreshness.newestOrder(List.of(record(0, "seven", "1"))), "headers that are not numbers");
        assertNull(ListFreshness.newestOrder(List.of()));
    }

    private static ConsumerRecord<String, String> record(long offset, String tx, String position) {
        RecordHeaders headers = new RecordHeaders();
        if (tx != null) {
            headers.add(ListFreshness.LOG_TX_ID, tx.getBytes(StandardCharsets.UTF_8));
            headers.add(ListFreshness.LOG_POSITION, position.getBytes(StandardCharsets.UTF_8));
        }
        return record(offset, headers);
    }

    private static ConsumerRecord<String, String> record(long offset, RecordHeaders headers) {
        return new ConsumerRecord<>("projects.events.v1", 0, offset, 0L, TimestampType.CREATE_TIME, 0, 0, "p", null,
                headers, Optional.empty());
    }
}
