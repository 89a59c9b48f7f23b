package io.projectservice.readmodel;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.projectservice.config.ServiceConfig;
import io.projectservice.database.Wakeups;
import io.projectservice.pipeline.ListFreshness;
import io.projectservice.projects.CommandContext;
import io.projectservice.projects.Scope;
import io.projectservice.sharing.Share;
import io.projectservice.sharing.Shares;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code list}, served from the read model with read-your-writes: before reading, it waits
 * (without holding a thread) until the view covers every version the log held when the request
 * began, for the projects this caller can list; past the bound it answers what it has, marked
 * stale.
 */
@ApplicationScoped
public class ListQueries {
    private static final Duration RECHECK = Duration.ofMillis(25);

    private final Pool pool;
    private final ListView view;
    private final ListFreshness freshness;
    private final Shares shares;
    private final Wakeups wakeups;
    private final ServiceConfig config;
    private final Map<ListFreshness.CheckPath, Counter> checks = new EnumMap<>(ListFreshness.CheckPath.class);

    public ListQueries(Pool pool, ListView view, ListFreshness freshness, Shares shares, Wakeups wakeups, ServiceConfig config,
            MeterRegistry metrics) {
        this.pool = pool;
        this.view = view;
        this.freshness = freshness;
        this.shares = shares;
        this.wakeups = wakeups;
        this.config = config;
        for (ListFreshness.CheckPath path : ListFreshness.CheckPath.values()) {
            checks.put(path, Counter.builder("projects.list.check").tag("path", path.name().toLowerCase())
                    .description("list's read-your-writes checks, by the way they were decided").register(metrics));
        }
    }

    /** A page, whether the view lagged behind the log, and the share each shared item is listed by. */
    public record Listed(ListView.Page page, boolean stale, Map<String, Share> shares) {
    }

    /**
     * The page; with {@code shared}, the projects usable by the caller through a share (in any
     * workspace) are among its items, found by the share table, so a revoked share lists nothing.
     */
    public Uni<Listed> list(CommandContext req, Scope.Listed listing, String nameFilter, ListView.Cursor after,
            Integer limit) {
        List<Scope> scopes = listing.scopes();
        int max = config.list().maxLimit();
        int size = limit == null ? config.list().defaultLimit() : Math.max(1, Math.min(limit, max));
        long deadline = System.nanoTime() + config.list().catchUpTimeout().toNanos();
        return caughtUp(req.workspaceId(), req, scopes, deadline)
                .flatMap(fresh -> view.page(pool, req.workspaceId(), scopes, listing.shared(), req.caller(),
                        nameFilter, after, size, config.limits().pageMaxBytes())
                        .flatMap(page -> sharesOf(req, listing, page))
                        .map(withShares -> new Listed(withShares.page(), !fresh, withShares.shares())));
    }

    private Uni<Listed> sharesOf(CommandContext req, Scope.Listed listing, ListView.Page page) {
        if (!listing.shared() || page.items().isEmpty()) {
            return Uni.createFrom().item(new Listed(page, false, Map.of()));
        }
        List<String> ids = page.items().stream().map(s -> s.id).toList();
        return shares.usableAmong(pool, req.caller(), ids).map(found -> {
            Map<String, Share> byProject = new HashMap<>();
            found.forEach(s -> byProject.merge(s.projectId(), s, (a, b) -> a.editor() ? a : b));
            return new Listed(page, false, byProject);
        });
    }

    /**
     * The caller's organization's template projects, in every workspace, with the same
     * read-your-writes wait as {@link #list}: a project just marked as a template is listed.
     */
    public Uni<ListView.TemplatePage> templates(CommandContext req, ListView.NameCursor after, int limit) {
        if (req.caller().organization() == null) {
            return Uni.createFrom().item(new ListView.TemplatePage(List.of(), null));
        }
        long deadline = System.nanoTime() + config.list().catchUpTimeout().toNanos();
        return caughtUp(null, req, List.of(Scope.ORGANIZATION), deadline)
                .flatMap(fresh -> view.templates(pool, req.caller().organization(), after, limit,
                        config.limits().pageMaxBytes()));
    }

    private Uni<Boolean> caughtUp(String workspaceId, CommandContext req, List<Scope> scopes, long deadline) {
        return freshness.coversLog(pool, workspaceId, scopes, req.caller()).flatMap(coverage -> {
            checks.get(coverage.path()).increment();
            boolean covered = coverage.covered();
            long left = deadline - System.nanoTime();
            if (covered || left <= 0) {
                return Uni.createFrom().item(covered);
            }
            Duration wait = Duration.ofNanos(Math.min(left, RECHECK.toNanos()));
            return wakeups.next(ListFreshness.APPLIED_CHANNEL, wait).flatMap(x -> caughtUp(workspaceId, req, scopes,
                    deadline));
        });
    }
}
