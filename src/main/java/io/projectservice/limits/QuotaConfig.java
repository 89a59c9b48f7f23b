package io.projectservice.limits;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What one organization may store (prefix {@code projects.quota}). A caller without an
 * organization claim is an organization of one for these counts. Users of {@code user} scope
 * count towards their organization: their projects are the organization's storage too.
 */
@ConfigMapping(prefix = "projects.quota")
public interface QuotaConfig {

    /** Live (not deleted) projects of the organization, in every workspace and scope. */
    @WithDefault("100000")
    long projects();

    /**
     * Bytes of the organization's events in the log (their JSON data and metadata), deleted
     * projects included: the log keeps every event, so deleting a project frees none of this.
     */
    @WithDefault("10737418240")
    long storedBytes();

    /** Live snapshots of one project. */
    @WithDefault("100")
    int snapshotsPerProject();

    /**
     * How old an organization's usage, as this replica last read it, may be before a write reads
     * it again. Within a replica every admitted write is counted at once; this bounds what other
     * replicas admitted meanwhile. Near a limit (90%) every write reads it.
     */
    @WithDefault("PT5S")
    Duration refreshInterval();

    /** Organizations whose usage is kept in memory; past it the least recently used is read again when next needed. */
    @WithDefault("10000")
    int maxOrganizations();

    /** Other quotas for one organization (e.g. {@code organizations.acme.projects=500000}). */
    Map<String, Tier> organizations();

    interface Tier {
        OptionalLong projects();

        OptionalLong storedBytes();

        OptionalInt snapshotsPerProject();
    }
}
