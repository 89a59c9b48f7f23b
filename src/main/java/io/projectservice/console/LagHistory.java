package io.projectservice.console;

import io.projectservice.config.ServiceConfig;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The relay and projection lag of the last minutes, sampled by each API replica in memory (a
 * bounded ring: window / sample-every readings), so the console can chart it without Prometheus.
 * A replica's history starts when it does; nothing is stored.
 */
@ApplicationScoped
public class LagHistory {
    private static final Logger LOG = Logger.getLogger(LagHistory.class);

    private final PipelineReadings readings;
    private final ServiceConfig service;
    private final OperatorConfig config;
    private final Vertx vertx;
    private final int capacity;
    private final ArrayDeque<PipelineReadings.Reading> samples;
    private final AtomicBoolean sampling = new AtomicBoolean();

    public LagHistory(PipelineReadings readings, ServiceConfig service, OperatorConfig config, Vertx vertx) {
        this.readings = readings;
        this.service = service;
        this.config = config;
        this.vertx = vertx;
        this.capacity = (int) Math.max(1, config.window().toMillis() / config.sampleEvery().toMillis());
        this.samples = new ArrayDeque<>(capacity);
    }

    void onStart(@Observes StartupEvent event) {
        if (service.runs("api")) {
            vertx.setPeriodic(config.sampleEvery().toMillis(), id -> sample());
        }
    }

    private void sample() {
        if (!sampling.compareAndSet(false, true)) {
            return; // the previous reading has not come back: skip rather than pile up queries
        }
        readings.lags().eventually(() -> sampling.set(false)).subscribe().with(this::add,
                e -> LOG.debugf("could not sample the pipeline's lag: %s", e.getMessage()));
    }

    public synchronized void add(PipelineReadings.Reading reading) {
        if (samples.size() == capacity) {
            samples.removeFirst();
        }
        samples.addLast(reading);
    }

    /** Oldest first. */
    public synchronized List<PipelineReadings.Reading> samples() {
        return List.copyOf(samples);
    }
}
