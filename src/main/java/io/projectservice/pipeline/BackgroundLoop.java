package io.projectservice.pipeline;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A long-running loop on a thread of its own (the relay, the projector, the analysis worker):
 * they block on Kafka clients and must stay off the event loop. Start and stop are idempotent;
 * {@link #pause} waits until the time is up, {@link #wake} is called, or the loop is stopped.
 */
public abstract class BackgroundLoop {
    private final String name;
    private final Semaphore wakeUp = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;

    protected BackgroundLoop(String name) {
        this.name = name;
    }

    /** The loop body: return when {@link #running()} turns false. */
    protected abstract void loop();

    /** Called by {@link #stop} before waiting for the thread: unblock what the loop blocks on. */
    protected void unblock(Thread loopThread) {
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        wakeUp.drainPermits();
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    public synchronized void stop() {
        running = false;
        wakeUp.release();
        if (thread != null) {
            unblock(thread);
            try {
                thread.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    public void wake() {
        wakeUp.release();
    }

    protected boolean running() {
        return running;
    }

    /** Waits for {@code d}, a {@link #wake}, or {@link #stop}, whichever comes first. */
    protected void pause(Duration d) {
        try {
            if (wakeUp.tryAcquire(d.toMillis(), TimeUnit.MILLISECONDS)) {
                wakeUp.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
