package io.projectservice.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The operators' view of the pipeline (prefix {@code projects.operator}). */
@ConfigMapping(prefix = "projects.operator")
public interface OperatorConfig {

    /** The role (from the claims of projects.security.role-claims) that may read the pipeline's state. */
    @WithDefault("operator")
    String role();

    /** How often this replica samples the relay and projection lag for the chart. */
    @WithDefault("PT5S")
    Duration sampleEvery();

    /** How far back the samples go; older ones are dropped (the buffer holds window / sample-every). */
    @WithDefault("PT15M")
    Duration window();

    /** Finished jobs (succeeded, failed) are counted over this much time; running ones all. */
    @WithDefault("PT1H")
    Duration finishedJobsWindow();
}
