package io.projectservice.support;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * "This request changed nothing", checked on every table a request could touch: each table of the
 * schema (found in the database, so a table a new migration adds is covered without a change
 * here), except the pipeline's own bookkeeping, which moves on its own. A table's fingerprint is
 * its row count and the newest row version ({@code max(xmin)}), so an insert, an update and a
 * delete all show.
 *
 * <p>Before each look it waits until the background work of earlier requests has settled (the
 * list view holds every stream's head, no analysis job is still running), so what changes in
 * between is the request's doing.
 */
@ApplicationScoped
public class StoredRows {
    /** Written by the relay and the projector as they go, not by requests. */
    public static final Set<String> BOOKKEEPING = Set.of("schema_migrations", "relay_checkpoints",
            "relay_partition_marks", "projector_partition_marks");
    private static final Duration DB = Duration.ofSeconds(10);
    private static final Duration SETTLE = Duration.ofSeconds(60);

    private final Pool pool;

    public StoredRows(Pool pool) {
        this.pool = pool;
    }

    /** The tables looked at: every base table of the service's schema but the bookkeeping ones. */
    public List<String> tables() {
        List<String> tables = new ArrayList<>();
        for (Row r : rows("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
                + " AND table_type = 'BASE TABLE' ORDER BY table_name")) {
            if (!BOOKKEEPING.contains(r.getString(0))) {
                tables.add(r.getString(0));
            }
        }
        return tables;
    }

    /** Each table's {@code count:max(xmin)}, once earlier requests' background work has settled. */
    public Map<String, String> fingerprint() {
        Await.until("earlier requests' background work settles (list view at every head, no running job)",
                SETTLE, this::settled);
        StringBuilder sql = new StringBuilder();
        List<String> tables = tables();
        for (String t : tables) {
            sql.append(sql.length() == 0 ? "" : " UNION ALL ").append("SELECT '").append(t)
                    .append("', count(*) || ':' || coalesce(max(xmin::text::bigint), 0) FROM ").append(t);
        }
        Map<String, String> out = new TreeMap<>();
        rows(sql.toString()).forEach(r -> out.put(r.getString(0), r.getString(1)));
        return out;
    }

    /** Runs {@code request} and fails when it changed a stored row; answers what it answered. */
    public <T> T unchangedBy(String what, Supplier<T> request) {
        Map<String, String> before = fingerprint();
        T result = request.get();
        assertSame(what, before);
        return result;
    }

    public void unchangedBy(String what, Runnable request) {
        unchangedBy(what, () -> {
            request.run();
            return null;
        });
    }

    /** Like {@link #unchangedBy(String, Runnable)}, but {@code allowed} tables may change. */
    public void unchangedExceptBy(Set<String> allowed, String what, Runnable request) {
        Map<String, String> before = fingerprint();
        request.run();
        Map<String, String> after = fingerprint();
        before.keySet().removeAll(allowed);
        after.keySet().removeAll(allowed);
        compare(what, before, after);
    }

    /** Fails when a stored row changed since {@code before} was taken. */
    public void assertSame(String what, Map<String, String> before) {
        compare(what, before, fingerprint());
    }

    private static void compare(String what, Map<String, String> before, Map<String, String> after) {
        if (!before.equals(after)) {
            List<String> changed = new ArrayList<>();
            after.forEach((t, f) -> {
                if (!f.equals(before.get(t))) {
                    changed.add(t + " " + before.get(t) + " -> " + f);
                }
            });
            throw new AssertionError(what + " changed stored rows (count:max xmin): " + changed);
        }
    }

    private boolean settled() {
        return rows("SELECT NOT EXISTS (SELECT 1 FROM project_streams s LEFT JOIN project_list_view v"
                + " ON v.project_id = s.stream_id WHERE v.version IS DISTINCT FROM s.version)"
                + " AND NOT EXISTS (SELECT 1 FROM analysis_jobs WHERE state NOT IN ('succeeded', 'failed'))")
                .get(0).getBoolean(0);
    }

    private List<Row> rows(String sql) {
        List<Row> out = new ArrayList<>();
        pool.query(sql).execute().await().atMost(DB).forEach(out::add);
        return out;
    }
}
