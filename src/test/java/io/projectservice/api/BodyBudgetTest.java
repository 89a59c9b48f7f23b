package io.projectservice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The arithmetic of the body budget: large bodies share 75% of it, small ones always find room. */
class BodyBudgetTest {
    private static final long MIB = 1024 * 1024;
    private final BodyBudget budget = new BodyBudget(100 * MIB, new SimpleMeterRegistry());

    @Test
    void largeBodiesFillOnlyTheirShare() {
        var first = budget.open();
        var second = budget.open();
        var third = budget.open();
        assertTrue(first.reserve(40 * MIB));
        assertTrue(second.reserve(30 * MIB));
        assertFalse(third.reserve(10 * MIB), "75 MiB is the large bodies' share");
        assertEquals(70 * MIB, budget.reserved(), "a refused reservation takes nothing");
        first.close();
        assertTrue(third.reserve(10 * MIB));
        assertEquals(40 * MIB, budget.reserved());
    }

    @Test
    void oneLargeBodyPassesWhateverItCosts() {
        var huge = budget.open();
        assertTrue(huge.reserve(300 * MIB), "alone, the largest legal body is never refused");
        var other = budget.open();
        assertFalse(other.reserve(MIB), "but a second large one waits");
        assertTrue(budget.open().reserve(10 * 1024), "and small ones still have their share");
        huge.close();
        assertTrue(other.reserve(MIB));
    }

    @Test
    void smallBodiesKeepTheirShareUnderAFloodOfLargeOnes() {
        var large = budget.open();
        assertTrue(large.reserve(75 * MIB));
        int admitted = 0;
        while (budget.open().reserve(60 * 1024)) {
            admitted++;
        }
        assertEquals(25 * MIB / (60 * 1024), admitted);
    }

    @Test
    void aBodyThatGrowsLargeMovesToTheLargeShare() {
        var flood = budget.open();
        assertTrue(flood.reserve(70 * MIB));
        var growing = budget.open();
        assertTrue(growing.reserve(60 * 1024), "small so far");
        assertFalse(growing.reserve(10 * MIB), "now large, and the large share is full");
        assertTrue(growing.reserve(1024), "still small");
        growing.close();
        flood.close();
        assertEquals(0, budget.reserved());
    }

    @Test
    void closingTwiceGivesBackOnce() {
        var a = budget.open();
        var b = budget.open();
        assertTrue(a.reserve(MIB));
        assertTrue(b.reserve(MIB));
        a.close();
        a.close();
        assertEquals(MIB, budget.reserved());
        assertFalse(a.reserve(1), "a closed ticket takes nothing");
    }
}
