package io.projectservice.support;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads the event log directly, so tests check what was (or was not) written. */
@ApplicationScoped
public class EventLog {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final Pool pool;

    public EventLog(Pool pool) {
        this.pool = pool;
    }

    public long count() {
        return pool.query("SELECT count(*) FROM project_events").execute()
                .map(rows -> rows.iterator().next().getLong(0)).await().atMost(WAIT);
    }

    /** Event type names of one stream, in version order. */
    public List<String> types(String streamId) {
        return column(streamId, "type");
    }

    public List<Integer> versions(String streamId) {
        List<Integer> out = new ArrayList<>();
        for (Row r : rows("SELECT version FROM project_events WHERE stream_id = $1 ORDER BY version", streamId)) {
            out.add(r.getInteger(0));
        }
        return out;
    }

    private List<String> column(String streamId, String column) {
        List<String> out = new ArrayList<>();
        for (Row r : rows("SELECT " + column + " FROM project_events WHERE stream_id = $1 ORDER BY version",
                streamId)) {
            out.add(r.getString(0));
        }
        return out;
    }

    public List<Row> rows(String sql, Object... params) {
        List<Row> out = new ArrayList<>();
        pool.preparedQuery(sql).execute(Tuple.from(params)).await().atMost(WAIT).forEach(out::add);
        return out;
    }
}
