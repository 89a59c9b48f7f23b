package io.projectservice.database;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A wait whose bound has almost run out (under a millisecond left, as happens at the end of
 * list's catch-up wait) still completes when it starts on an event loop, where the timeout is a
 * Vert.x timer. It used to throw there, and the request waiting on it never got an answer.
 */
@QuarkusTest
class WakeupsTest {
    @Inject
    Wakeups wakeups;

    @Inject
    Vertx vertx;

    @Test
    void aSubMillisecondWaitOnAnEventLoopCompletes() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(20);
        for (int i = 0; i < 20; i++) {
            long nanos = 1_000L + i * 40_000L; // 1 µs .. 0.8 ms
            vertx.getOrCreateContext().runOnContext(x -> wakeups.next("wakeups-test", Duration.ofNanos(nanos))
                    .subscribe().with(ok -> done.countDown(), e -> done.countDown()));
        }
        assertTrue(done.await(10, TimeUnit.SECONDS), done.getCount() + " of 20 waits never completed");
    }
}
