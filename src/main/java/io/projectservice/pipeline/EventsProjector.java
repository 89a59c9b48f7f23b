package io.projectservice.pipeline;

import java.time.Instant;

/**
 * The consumer of the events topic that feeds the list view (the projector), as the pipeline's
 * readiness sees it; the view lives above the pipeline, so the pipeline knows it by this.
 */
public interface EventsProjector {

    /** Since when it has been failing (every attempt), or null while it works. */
    Instant failingSince();
}
