package io.projectservice.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One organization's usage as a replica counts it: admitted, committed, read again. */
class OwnerUsageTest {
    private static final OwnerUsage.Delta PROJECT = new OwnerUsage.Delta(1, 100);

    @Test
    void writesInFlightAndCommittedCountUntilAReadThatSeesThemReplacesTheBase() {
        OwnerUsage usage = new OwnerUsage();
        assertTrue(usage.needsRead(0, 1_000, 10, 10_000), "nothing known yet");
        usage.read(3, 300, usage.mark(), 0);
        assertFalse(usage.needsRead(500, 1_000, 10, 10_000));
        assertTrue(usage.needsRead(1_000, 1_000, 10, 10_000), "the refresh interval has passed");

        assertEquals(OwnerUsage.Verdict.ADMITTED, usage.admit(PROJECT, true, 10, 10_000));
        assertEquals(4, usage.projects(), "in flight: counted");
        OwnerUsage.Mark beforeCommit = usage.mark();
        usage.settle(PROJECT, true);
        assertEquals(4, usage.projects(), "committed: still counted");
        // a read that began before the commit may not see it: the commit stays counted on top
        usage.read(3, 300, beforeCommit, 10);
        assertEquals(4, usage.projects());
        // a read that began after it sees it in the database: counted once
        usage.read(4, 400, usage.mark(), 20);
        assertEquals(4, usage.projects());
        assertEquals(400, usage.bytes());
        // a rolled-back write is forgotten
        usage.admit(PROJECT, true, 10, 10_000);
        usage.settle(PROJECT, false);
        assertEquals(4, usage.projects());
        // an older read finishing late changes nothing
        OwnerUsage.Mark old = usage.mark();
        usage.admit(PROJECT, true, 10, 10_000);
        usage.settle(PROJECT, true);
        usage.read(5, 500, usage.mark(), 30);
        usage.read(1, 100, old, 40);
        assertEquals(5, usage.projects());
    }

    @Test
    void atTheLimitCreationsAndBytesAreRefusedButDeletionsAlwaysCount() {
        OwnerUsage usage = new OwnerUsage();
        usage.read(10, 9_950, usage.mark(), 0);
        assertTrue(usage.needsRead(1, 1_000_000, 10, 1_000_000), "at 90% of a limit every write reads");
        assertEquals(OwnerUsage.Verdict.PROJECTS, usage.admit(PROJECT, true, 10, 1_000_000));
        assertEquals(OwnerUsage.Verdict.BYTES, usage.admit(new OwnerUsage.Delta(0, 100), true, 10, 10_000));
        assertEquals(OwnerUsage.Verdict.ADMITTED, usage.admit(new OwnerUsage.Delta(0, 50), true, 10, 10_000),
                "exactly up to the limit");
        assertEquals(OwnerUsage.Verdict.ADMITTED, usage.admit(new OwnerUsage.Delta(-1, 300), false, 10, 10_000),
                "a deletion is never refused");
        assertEquals(9, usage.projects());
        assertEquals(10_300, usage.bytes());
    }

    @Test
    void concurrentAdmissionsNeverPassTheLimitTogether() throws Exception {
        OwnerUsage usage = new OwnerUsage();
        usage.read(0, 0, usage.mark(), 0);
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> admitted = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                admitted.add(pool.submit(() -> {
                    start.await();
                    int n = 0;
                    for (int i = 0; i < 1_000; i++) {
                        if (usage.admit(PROJECT, true, 5_000, Long.MAX_VALUE) == OwnerUsage.Verdict.ADMITTED) {
                            usage.settle(PROJECT, i % 2 == 0);
                            n += i % 2 == 0 ? 1 : 0;
                        }
                    }
                    return n;
                }));
            }
            start.countDown();
            int committed = 0;
            for (Future<Integer> f : admitted) {
                committed += f.get(30, TimeUnit.SECONDS);
            }
            assertEquals(5_000, committed, "16,000 attempts, half rolled back: exactly the limit committed");
            assertEquals(5_000, usage.projects());
        } finally {
            pool.shutdownNow();
        }
    }
}
