package io.projectservice.readmodel;

import io.projectservice.config.ServiceConfig;
import io.projectservice.eventstore.Wakeups;
import io.projectservice.projects.RequestInfo;
import io.projectservice.projects.Scope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.EnumMap;
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
    private final Wakeups wakeups;
    private final ServiceConfig config;
    private final Map<ListView.CheckPath, Counter> checks = new EnumMap<>(ListView.CheckPath.class);

    public ListQueries(Pool pool, ListView view, Wakeups wakeups, ServiceConfig config, MeterRegistry metrics) {
        this.pool = pool;
        this.view = view;
        this.wakeups = wakeups;
        this.config = config;
        for (ListView.CheckPath path : ListView.CheckPath.values()) {
            checks.put(path, Counter.builder("projects.list.check").tag("path", path.name().toLowerCase())
                    .description("list's read-your-writes checks, by the way they were decided").register(metrics));
        }
    }

    public record Listed(ListView.Page page, boolean stale) {
    }

    public Uni<Listed> list(RequestInfo req, List<Scope> scopes, String nameFilter, ListView.Cursor after,
            Integer limit) {
        int max = config.list().maxLimit();
        int size = limit == null ? config.list().defaultLimit() : Math.max(1, Math.min(limit, max));
        long deadline = System.nanoTime() + config.list().catchUpTimeout().toNanos();
        return caughtUp(req.workspaceId(), req, scopes, deadline)
                .flatMap(fresh -> view.page(pool, req.workspaceId(), scopes, req.caller(), nameFilter, after, size,
                        config.limits().pageMaxBytes()).map(page -> new Listed(page, !fresh)));
    }

    /**
     * The caller's organization's template projects, in every workspace, with the same
     * read-your-writes wait as {@link #list}: a project just marked as a template is listed.
     */
    public Uni<ListView.TemplatePage> templates(RequestInfo req, ListView.NameCursor after, int limit) {
        if (req.caller().organization() == null) {
            return Uni.createFrom().item(new ListView.TemplatePage(List.of(), null));
        }
        long deadline = System.nanoTime() + config.list().catchUpTimeout().toNanos();
        return caughtUp(null, req, List.of(Scope.ORGANIZATION), deadline)
                .flatMap(fresh -> view.templates(pool, req.caller().organization(), after, limit,
                        config.limits().pageMaxBytes()));
    }

    private Uni<Boolean> caughtUp(String workspaceId, RequestInfo req, List<Scope> scopes, long deadline) {
        return view.coversLog(pool, workspaceId, scopes, req.caller()).flatMap(coverage -> {
            checks.get(coverage.path()).increment();
            boolean covered = coverage.covered();
            long left = deadline - System.nanoTime();
            if (covered || left <= 0) {
                return Uni.createFrom().item(covered);
            }
            Duration wait = Duration.ofNanos(Math.min(left, RECHECK.toNanos()));
            return wakeups.next(ListView.NOTIFY_CHANNEL, wait).flatMap(x -> caughtUp(workspaceId, req, scopes,
                    deadline));
        });
    }
}
