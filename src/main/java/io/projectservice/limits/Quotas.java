package io.projectservice.limits;

import io.projectservice.errors.Refusal;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Per-organization quotas: live projects and bytes of the log, checked before every append
 * against the organization's usage as this replica knows it ({@link OwnerUsage}), read from
 * {@code project_streams} (whose per-project {@code stored_bytes} each append moves in the
 * statement that moves its head) at most every {@code refresh-interval}, and at every write once
 * past 90% of a limit. No shared counter row: appends of different projects never wait on each
 * other. Snapshots are counted per project, under the project's own lock: exact.
 *
 * <p>Tolerance: through one replica a quota is never passed. With N replicas each counts the
 * others' writes only when it reads again, so below 90% of a limit an organization can pass it by
 * what the other replicas admit for it within one refresh interval; past 90% (read at every
 * write) by the writes in flight at the same instant on other replicas. A write counted when its
 * append is done but whose commit is still on its way when a read begins is missed until the next
 * read (a millisecond's window).
 */
@ApplicationScoped
public class Quotas {
    private final QuotaConfig config;
    private final Refusals refusals;
    private final LongSupplier clock;
    private final Map<Owner, OwnerUsage> usage;

    /** Whose storage a project counts against: its organization, or for a user with none, the user. */
    record Owner(String organization, String user) {
        static Owner of(String organization, String author) {
            return organization != null ? new Owner(organization, null) : new Owner(null, author);
        }

        String describe() {
            return organization != null ? "Organization '" + organization + "'" : "User '" + user + "'";
        }
    }

    /** The limits of one organization (its tier, or the defaults). */
    public record Limits(long projects, long storedBytes, int snapshotsPerProject) {
    }

    /** A write admitted and counted; say how its append ended with {@link #release} or {@link #settleWith}. */
    public static final class Reservation {
        static final Reservation NONE = new Reservation(null, null);
        private final OwnerUsage usage;
        private final OwnerUsage.Delta delta;

        Reservation(OwnerUsage usage, OwnerUsage.Delta delta) {
            this.usage = usage;
            this.delta = delta;
        }

        /** The append failed: nothing was written. */
        public void release() {
            if (usage != null) {
                usage.settle(delta, false);
            }
        }

        /**
         * The append is done: it counts as stored once its transaction commits (only then can a
         * read of the database see it), and is forgotten if the transaction rolls back.
         */
        public void settleWith(Transaction transaction) {
            if (usage == null) {
                return;
            }
            if (transaction == null) {
                usage.settle(delta, true);
                return;
            }
            transaction.completion().subscribe().with(ok -> usage.settle(delta, true), failed -> usage.settle(delta,
                    false));
        }
    }

    @Inject
    public Quotas(QuotaConfig config, Refusals refusals) {
        this(config, refusals, System::nanoTime);
    }

    Quotas(QuotaConfig config, Refusals refusals, LongSupplier clock) {
        this.config = config;
        this.refusals = refusals;
        this.clock = clock;
        int max = Math.max(1, config.maxOrganizations());
        this.usage = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Owner, OwnerUsage> eldest) {
                return size() > max;
            }
        };
    }

    public Limits limits(String organization) {
        QuotaConfig.Tier tier = organization == null ? null : config.organizations().get(organization);
        if (tier == null) {
            return new Limits(config.projects(), config.storedBytes(), config.snapshotsPerProject());
        }
        return new Limits(tier.projects().orElse(config.projects()), tier.storedBytes().orElse(config.storedBytes()),
                tier.snapshotsPerProject().orElse(config.snapshotsPerProject()));
    }

    /**
     * Admits an append to a project of {@code organization} (or of {@code author}, who has none)
     * that changes its live projects by {@code projects} and adds {@code bytes} to the log, or
     * fails with the quota's sentence (403 for projects, 413 for bytes). {@code checked} false
     * (deletions) counts without refusing: cleaning up is always allowed. The usage is read with
     * {@code client} (the append's own transaction) when it is due.
     */
    public Uni<Reservation> admit(SqlClient client, String organization, String author, int projects, long bytes,
            boolean checked) {
        if (projects == 0 && bytes == 0) {
            return Uni.createFrom().item(Reservation.NONE);
        }
        Owner owner = Owner.of(organization, author);
        Limits limits = limits(organization);
        OwnerUsage entry = entry(owner);
        OwnerUsage.Delta delta = new OwnerUsage.Delta(projects, bytes);
        Uni<OwnerUsage> known = Uni.createFrom().item(entry);
        if (entry.needsRead(clock.getAsLong(), config.refreshInterval().toNanos(), limits.projects(),
                limits.storedBytes())) {
            OwnerUsage.Mark mark = entry.mark();
            known = read(client, owner).map(row -> {
                entry.read(row.getLong(0), row.getLong(1), mark, clock.getAsLong());
                return entry;
            });
        }
        return known.map(e -> switch (e.admit(delta, checked, limits.projects(), limits.storedBytes())) {
            case ADMITTED -> new Reservation(e, delta);
            case PROJECTS -> throw refusal(Refusals.Reason.QUOTA_PROJECTS, Refusal.forbidden("quota_projects",
                    owner.describe() + " has " + e.projects() + " projects, its quota of " + limits.projects()
                    + "; delete projects it no longer needs, or ask an operator for a larger quota"));
            case BYTES -> throw refusal(Refusals.Reason.QUOTA_BYTES, Refusal.tooLarge("quota_bytes",
                    owner.describe() + " stores " + e.bytes() + " bytes of project history; this change (" + bytes
                    + " bytes) would pass its quota of " + limits.storedBytes() + " bytes (the history of deleted"
                    + " projects counts too); ask an operator for a larger quota"));
        });
    }

    /**
     * Refuses, before anything is stored, a request that would create a project the organization
     * has no room for (create-from-context, whose project the analysis worker creates later).
     */
    public Uni<Void> requireRoomForProject(SqlClient client, String organization, String author) {
        return admit(client, organization, author, 1, 0, true).invoke(Reservation::release).replaceWithVoid();
    }

    /**
     * Refuses a new snapshot of a project that holds its quota of them already ({@code safety}:
     * the one a restore takes first, which the client may skip).
     */
    public void requireSnapshotRoom(String organization, String projectId, int liveSnapshots, boolean safety) {
        int max = limits(organization).snapshotsPerProject();
        if (liveSnapshots >= max) {
            throw refusal(Refusals.Reason.QUOTA_SNAPSHOTS, Refusal.forbidden("quota_snapshots", "Project '"
                    + projectId + "' has " + liveSnapshots + " snapshots, the most one project may keep (" + max
                    + "); delete one first" + (safety ? ", or restore with \"create_safety_snapshot\": false" : "")));
        }
    }

    private Refusal refusal(Refusals.Reason reason, Refusal refusal) {
        refusals.count(reason);
        return refusal;
    }

    private OwnerUsage entry(Owner owner) {
        synchronized (usage) {
            return usage.computeIfAbsent(owner, o -> new OwnerUsage());
        }
    }

    private static Uni<Row> read(SqlClient client, Owner owner) {
        String where = owner.organization() != null ? "organization = $1" : "organization IS NULL AND author = $1";
        return client.preparedQuery("""
                SELECT count(*) FILTER (WHERE NOT deleted), coalesce(sum(stored_bytes), 0)::bigint
                FROM project_streams WHERE %s""".formatted(where))
                .execute(Tuple.of(owner.organization() != null ? owner.organization() : owner.user()))
                .map(rows -> rows.iterator().next());
    }
}
