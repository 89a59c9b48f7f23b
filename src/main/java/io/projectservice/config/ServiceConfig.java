package io.projectservice.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Typed configuration of the service's own behaviour (prefix {@code projects}). */
@ConfigMapping(prefix = "projects")
public interface ServiceConfig {

    /** Workspace used by the newer route layout {@code /projects/{action}}. */
    @WithDefault("default")
    String defaultWorkspace();

    /** A folded state snapshot is stored every this many events, so a load reads a short tail. */
    @WithDefault("100")
    int stateSnapshotEvery();

    Limits limits();

    interface Limits {
        @WithDefault("200")
        int nameMaxLength();

        @WithDefault("20000")
        int descriptionMaxLength();

        @WithDefault("65536")
        int metadataMaxBytes();

        /** Largest JSON request body, in bytes. */
        @WithDefault("10485760")
        long maxBodyBytes();

        /** Largest number of projects one cleanup request may delete. */
        @WithDefault("10000")
        int cleanupMaxProjects();
    }
}
