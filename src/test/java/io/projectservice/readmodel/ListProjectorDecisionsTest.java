package io.projectservice.readmodel;

import static io.projectservice.support.Events.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.projectservice.eventstore.RecordedEvent;
import io.projectservice.projects.ProjectEvents;
import io.projectservice.projects.ProjectState;
import io.projectservice.readmodel.ListProjector.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The projector's decisions, without Kafka or a database: what a batch of one project's events
 * does to its view row (apply, skip as already applied, or heal a gap from the log). Which record
 * of a batch is the newest by the relay's order headers: {@code pipeline.ListFreshnessTest}.
 */
class ListProjectorDecisionsTest {

    private static RecordedEvent created(int version) {
        return event("p", version, ProjectEvents.CREATED, "{\"id\": \"p\", \"scope\": \"user\", \"author\": \"ann\","
                + " \"content\": {\"name\": \"v" + version + "\"}}");
    }

    private static RecordedEvent renamed(int version) {
        return event("p", version, ProjectEvents.UPDATED, "{\"changes\": {\"name\": \"v" + version + "\"}}");
    }

    private static RecordedEvent deleted(int version) {
        return event("p", version, ProjectEvents.DELETED, "{\"reason\": \"cleanup\"}");
    }

    /** A view row at {@code version} (deleted: a tombstone), named as the events here name it. */
    private static ProjectState row(int version, boolean deleted) {
        List<RecordedEvent> events = new ArrayList<>(List.of(created(1)));
        for (int v = 2; v <= version; v++) {
            events.add(deleted && v == version ? deleted(v) : renamed(v));
        }
        return ProjectState.fold(null, events);
    }

    /**
     * Each case: the row's version (0: no row) and whether it is a tombstone, the batch (versions,
     * D for a deletion, C for a creation), and the decision: "skip", "apply vN" (the row's
     * version and name afterwards) or "heal up to N".
     */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("first event, no row", 0, false, "C1", "apply v1 name v1"),
                Arguments.of("next event", 3, false, "4", "apply v4 name v4"),
                Arguments.of("several in order", 3, false, "4 5 6", "apply v6 name v6"),
                Arguments.of("redelivery of the same event", 3, false, "3", "skip"),
                Arguments.of("redelivery of an older event", 5, false, "2", "skip"),
                Arguments.of("a replayed batch", 5, false, "2 3 4 5", "skip"),
                Arguments.of("a replayed batch with one new event", 5, false, "3 4 5 6", "apply v6 name v6"),
                Arguments.of("duplicates inside a batch", 3, false, "4 4 5", "apply v5 name v5"),
                Arguments.of("a gap", 3, false, "5", "heal up to 5"),
                Arguments.of("a gap inside a batch", 3, false, "4 6 7", "heal up to 7"),
                Arguments.of("an update without its creation", 0, false, "2", "heal up to 2"),
                Arguments.of("a creation at a later version (id reused)", 0, false, "C3", "apply v3 name v3"),
                Arguments.of("a creation that does not follow the row", 2, false, "C5", "heal up to 5"),
                Arguments.of("a tombstone, then an older event", 4, true, "3", "skip"),
                Arguments.of("a tombstone, then its own deletion again", 4, true, "D4", "skip"),
                Arguments.of("a tombstone, then an older creation", 4, true, "C1", "skip"),
                Arguments.of("deletion applied", 3, false, "D4", "apply v4 deleted"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides(String name, int rowVersion, boolean tombstone, String batch, String expected) {
        ProjectState current = rowVersion == 0 ? null : row(rowVersion, tombstone);
        List<RecordedEvent> events = new ArrayList<>();
        for (String e : batch.split(" ")) {
            int v = Integer.parseInt(e.replaceAll("[CD]", ""));
            events.add(e.startsWith("C") ? created(v) : e.startsWith("D") ? deleted(v) : renamed(v));
        }
        Decision decision = ListProjector.decide(current, events);
        String actual;
        if (decision instanceof Decision.Heal heal) {
            actual = "heal up to " + heal.upToVersion();
        } else {
            ProjectState after = ((Decision.Apply) decision).row();
            actual = after == null ? "skip"
                    : "apply v" + after.version + (after.deleted ? " deleted" : " name " + after.name);
            if (after != null && current != null) {
                assertSame(current, after, "applied onto the row read");
            }
        }
        assertEquals(expected, actual, name);
        if (tombstone) {
            assertTrue(current.deleted, "the tombstone stays a tombstone");
            assertEquals(rowVersion, current.version);
        }
    }
}
