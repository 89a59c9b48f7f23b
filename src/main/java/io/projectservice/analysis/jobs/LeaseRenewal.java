package io.projectservice.analysis.jobs;

import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Keeps a claimed job's lease alive while its worker thread is blocked (an LLM call can take
 * minutes, several times the lease): a Vert.x timer renews it every third of its length, without
 * a thread of its own. It stops when closed (the attempt ended), when the lease turns out to be
 * another worker's (then {@link #lost()}), or after the longest an attempt may take, so a worker
 * stuck for good lets the lease lapse and another worker takes the job. A worker that dies takes
 * its timer with it.
 */
public final class LeaseRenewal implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LeaseRenewal.class);

    private final Vertx vertx;
    private final Pool pool;
    private final AnalysisJobs jobs;
    private final AnalysisJobs.Lease lease;
    private final Duration length;
    private final long stopAt;
    private final AtomicBoolean inFlight = new AtomicBoolean();
    private final long timer;
    private volatile boolean lost;
    private volatile boolean closed;

    private LeaseRenewal(Vertx vertx, Pool pool, AnalysisJobs jobs, AnalysisJobs.Lease lease, Duration length,
            Duration maxAttemptTime) {
        this.vertx = vertx;
        this.pool = pool;
        this.jobs = jobs;
        this.lease = lease;
        this.length = length;
        this.stopAt = System.nanoTime() + maxAttemptTime.toNanos();
        this.timer = vertx.setPeriodic(Math.max(100, length.toMillis() / 3), id -> renew());
    }

    static LeaseRenewal start(Vertx vertx, Pool pool, AnalysisJobs jobs, AnalysisJobs.Lease lease, Duration length,
            Duration maxAttemptTime) {
        return new LeaseRenewal(vertx, pool, jobs, lease, length, maxAttemptTime);
    }

    /** The lease was found to be another worker's: whatever this attempt still does is discarded. */
    boolean lost() {
        return lost;
    }

    private void renew() {
        if (closed || lost) {
            vertx.cancelTimer(timer);
            return;
        }
        if (System.nanoTime() > stopAt) {
            LOG.warnf("analysis job %s: attempt still running after its longest time; no longer renewing its"
                    + " lease, so another worker may take the job over", lease.jobId());
            vertx.cancelTimer(timer);
            return;
        }
        if (!inFlight.compareAndSet(false, true)) {
            return; // the previous renewal has not answered yet
        }
        jobs.renew(pool, lease, length).subscribe().with(held -> {
            inFlight.set(false);
            if (!held && !closed) {
                lost = true;
                vertx.cancelTimer(timer);
                LOG.infof("analysis job %s: lease %d is no longer this worker's", lease.jobId(), lease.token());
            }
        }, failure -> {
            // a database blip: the next tick tries again, well before the lease runs out
            inFlight.set(false);
            LOG.debugf("analysis job %s: renewing the lease failed: %s", lease.jobId(), failure.toString());
        });
    }

    @Override
    public void close() {
        closed = true;
        vertx.cancelTimer(timer);
    }
}
