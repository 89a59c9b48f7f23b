package io.projectservice.readmodel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.projectservice.projects.ProjectState;
import io.projectservice.projects.StreamAttributes;
import io.projectservice.projects.Scope;
import io.projectservice.security.Caller;
import io.projectservice.sharing.Shares;
import io.projectservice.config.JsonCodec;
import io.projectservice.config.ServiceConfig;
import io.projectservice.eventstore.EventStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** SQL of the list read model ({@code project_list_view}): reads, guarded upserts, catch-up check. */
@ApplicationScoped
public class ListView {
    /** NOTIFY channel raised when a projector batch committed. */
    public static final String NOTIFY_CHANNEL = "project_list_view";

    private static final String COLUMNS = "project_id, workspace_id, scope, author, organization, name, description,"
            + " metadata::text, created_at, updated_at, version, deleted, first_version";
    /** What a list item holds besides its name, description and metadata (ids, times, keys): about. */
    private static final int ITEM_OVERHEAD = 320;

    private final JsonCodec json;
    private final String eventsTopic;

    public ListView(JsonCodec json, ServiceConfig config) {
        this.json = json;
        this.eventsTopic = config.kafka().eventsTopic();
    }

    /** The view's rows for some projects, as (partial) states. */
    public Uni<Map<String, ProjectState>> rows(SqlClient client, Collection<String> ids) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM project_list_view WHERE project_id = ANY($1)")
                .execute(Tuple.of(ids.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, ProjectState> out = new HashMap<>();
                    rows.forEach(r -> out.put(r.getString(0), toState(r)));
                    return out;
                });
    }

    /** Writes rows, each only over an older version of itself: replays and redeliveries are no-ops. */
    public Uni<Void> upsert(SqlClient client, Collection<ProjectState> states) {
        if (states.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> batch = new ArrayList<>(states.size());
        for (ProjectState s : states) {
            String metadata = json.write(s.metadata);
            batch.add(Tuple.tuple().addString(s.id).addString(s.workspaceId).addString(s.scope).addString(s.author)
                    .addString(s.organization).addString(s.name).addString(s.description)
                    .addString(metadata).addOffsetDateTime(s.createdAt).addOffsetDateTime(s.updatedAt)
                    .addInteger(s.version).addBoolean(s.deleted).addInteger(s.incarnationStart)
                    .addInteger(JsonCodec.utf8Length(metadata) + JsonCodec.utf8Length(s.name) + JsonCodec.utf8Length(s.description)));
        }
        return client.preparedQuery("INSERT INTO project_list_view (project_id, workspace_id, scope, author,"
                + " organization, name, description, metadata, created_at, updated_at, version, deleted,"
                + " first_version, row_bytes)"
                + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text::jsonb, $9, $10, $11, $12, $13, $14)"
                + " ON CONFLICT (project_id) DO UPDATE SET workspace_id = EXCLUDED.workspace_id,"
                + " scope = EXCLUDED.scope, author = EXCLUDED.author, organization = EXCLUDED.organization,"
                + " name = EXCLUDED.name, description = EXCLUDED.description, metadata = EXCLUDED.metadata,"
                + " created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at,"
                + " version = EXCLUDED.version, deleted = EXCLUDED.deleted, first_version = EXCLUDED.first_version,"
                + " row_bytes = EXCLUDED.row_bytes"
                + " WHERE project_list_view.version < EXCLUDED.version")
                .executeBatch(batch)
                .replaceWithVoid();
    }

    public record Cursor(OffsetDateTime updatedAt, String projectId) {
    }

    public record Page(List<ProjectState> items, Cursor next) {
    }

    /**
     * One page of live projects the caller sees in a workspace, newest change first: at most
     * {@code limit} of them, and no more than {@code maxBytes} of JSON (at least one).
     */
    public Uni<Page> page(SqlClient client, String workspaceId, List<Scope> scopes, boolean shared, Caller caller,
            String nameFilter, Cursor after, int limit, long maxBytes) {
        StringBuilder sql = new StringBuilder("SELECT v.* FROM project_list_view v"
                + " WHERE NOT v.deleted AND ((v.workspace_id = $1 AND ").append(visibleTo("v", scopes)).append(")");
        Tuple params = Tuple.of(workspaceId, caller.username(), caller.organization());
        if (shared) {
            // usable shares to the caller, from the share table (not this view): in any workspace
            sql.append(" OR ").append(Shares.listableCondition(params.size() + 1));
            Shares.addRecipient(params, caller);
        }
        sql.append(")");
        if (nameFilter != null && !nameFilter.isBlank()) {
            params.addString("%" + nameFilter.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            sql.append(" AND v.name ILIKE $").append(params.size());
        }
        if (after != null) {
            params.addOffsetDateTime(after.updatedAt()).addString(after.projectId());
            int t = params.size() - 1;
            sql.append(" AND (v.updated_at < $").append(t).append(" OR (v.updated_at = $").append(t)
                    .append(" AND v.project_id > $").append(t + 1).append("))");
        }
        params.addInteger(limit + 1);
        sql.append(" ORDER BY v.updated_at DESC, v.project_id LIMIT $").append(params.size());
        params.addLong(maxBytes);
        String bounded = boundedInBytes(sql.toString(), "updated_at DESC, project_id", params.size());
        return client.preparedQuery(bounded).execute(params).map(rows -> {
            Fetched fetched = fetched(rows, limit);
            ProjectState last = fetched.more() ? fetched.items().get(fetched.items().size() - 1) : null;
            return new Page(fetched.items(), last == null ? null : new Cursor(last.updatedAt, last.id));
        });
    }

    /**
     * {@code inner} (view rows in {@code order}, at most limit + 1) cut where their bytes pass
     * parameter {@code maxBytesParam}; the row that passes it stays, so a page is never empty.
     * Each row also says how many the inner query gave ({@code fetched}), so a cut shows.
     */
    private static String boundedInBytes(String inner, String order, int maxBytesParam) {
        return "SELECT " + COLUMNS + ", fetched FROM (SELECT p.*, count(*) OVER () AS fetched,"
                + " sum(p.row_bytes + " + ITEM_OVERHEAD + ") OVER (ORDER BY " + order + " ROWS UNBOUNDED PRECEDING)"
                + " - (p.row_bytes + " + ITEM_OVERHEAD + ") AS before FROM (" + inner + ") p) x"
                + " WHERE x.before < $" + maxBytesParam + " ORDER BY " + order;
    }

    private record Fetched(List<ProjectState> items, boolean more) {
    }

    /** The rows of a bounded page, and whether more follow (past the limit, or past the bytes). */
    private Fetched fetched(RowSet<Row> rows, int limit) {
        List<ProjectState> items = new ArrayList<>(rows.size());
        long inner = 0;
        for (Row r : rows) {
            items.add(toState(r));
            inner = r.getLong("fetched");
        }
        if (items.size() > limit) {
            items.remove(items.size() - 1);
            return new Fetched(items, true);
        }
        return new Fetched(items, items.size() < inner);
    }

    /** Where a page of templates starts: after this (name, id). */
    public record NameCursor(String name, String projectId) {
    }

    public record TemplatePage(List<ProjectState> items, NameCursor next) {
    }

    /**
     * The organization's live projects marked as templates ({@code metadata.is_template: true}),
     * in every workspace, by name, a page at a time (at most {@code limit}, about {@code maxBytes}).
     */
    public Uni<TemplatePage> templates(SqlClient client, String organization, NameCursor after, int limit,
            long maxBytes) {
        Tuple params = Tuple.of(organization);
        String from = "";
        if (after != null) {
            params.addString(after.name()).addString(after.projectId());
            from = " AND (v.name, v.project_id) > ($2, $3)";
        }
        params.addInteger(limit + 1).addLong(maxBytes);
        String inner = "SELECT v.* FROM project_list_view v WHERE v.scope = 'organization' AND v.organization = $1"
                + " AND NOT v.deleted AND v.metadata @> '{\"is_template\": true}'" + from
                + " ORDER BY v.name, v.project_id LIMIT $" + (params.size() - 1);
        return client.preparedQuery(boundedInBytes(inner, "name, project_id", params.size())).execute(params)
                .map(rows -> {
                    Fetched fetched = fetched(rows, limit);
                    ProjectState last = fetched.more() ? fetched.items().get(fetched.items().size() - 1) : null;
                    return new TemplatePage(fetched.items(), last == null ? null : new NameCursor(last.name, last.id));
                });
    }

    /** How {@link #coversLog} decided: the counter {@code projects_list_check_total{path}}. */
    public enum CheckPath { DRAINED, RECENT, SUMS }

    public record Coverage(boolean covered, CheckPath path) {
    }

    /**
     * Whether the view holds, for every project of the caller's in these scopes (in one workspace,
     * or in all when it is null), at least the version the log has now: then a list shows
     * everything committed before this call. Three ways, the cheapest that applies:
     *
     * <ol>
     * <li>DRAINED: the relay has published every committed event and, in every partition of the
     * event topic, the projector has applied up to the relay's mark (V9__pipeline_marks.sql). The
     * relay publishes in (tx_id, position) order and the projector applies each partition in offset
     * order, writing its mark with the rows, so then every committed event is in the view.
     * <li>RECENT: otherwise, every event that may be missing from the view comes after a horizon:
     * the relay's checkpoint, or for a partition the projector is behind in, the newest event it
     * has applied there (V10; a partition's records are in the relay's order, so what is not yet
     * applied comes after it). Only the caller's projects among those events are compared, view
     * row against log head, when there are at most {@value #RECENT_LIMIT} of them.
     * <li>SUMS: otherwise (a long backlog, no marks yet): the sums of versions of the caller's
     * projects in the log and in the view. A view row is folded from its project's events, so its
     * version is never above the log's and a missing row counts 0: the sums are equal exactly when
     * every row has caught up. Linear in the caller's projects.
     * </ol>
     */
    public Uni<Coverage> coversLog(SqlClient client, String workspaceId, List<Scope> scopes, Caller caller) {
        // separate statements, each small: PostgreSQL plans every statement it is sent, and one
        // statement holding all three ways took 2 ms to plan for 0.4 ms of execution
        return client.preparedQuery(PIPELINE_STATE).execute(Tuple.of(eventsTopic))
                .flatMap(rows -> {
                    Row r = rows.iterator().next();
                    boolean marked = r.getLong(1) > 0; // no relay marks yet: nothing to compare
                    if (marked && r.getBoolean(0) && r.getLong(2) == 0) {
                        return Uni.createFrom().item(new Coverage(true, CheckPath.DRAINED));
                    }
                    return marked && r.getLong(3) == 0 ? recent(client, workspaceId, scopes, caller)
                            : sums(client, workspaceId, scopes, caller);
                });
    }

    /** The second way, or the third when more than {@link #RECENT_LIMIT} events are after the horizon. */
    private Uni<Coverage> recent(SqlClient client, String workspaceId, List<Scope> scopes, Caller caller) {
        return client.preparedQuery("WITH recent AS MATERIALIZED (SELECT e.stream_id FROM (SELECT tx, pos FROM ("
                + "   SELECT p.last_tx_id AS tx, p.last_position AS pos FROM relay_partition_marks r"
                + "   JOIN projector_partition_marks p ON p.topic = r.topic AND p.partition = r.partition"
                + "   WHERE r.topic = $4 AND p.next_offset < r.next_offset"
                + "   UNION ALL SELECT last_tx_id, last_position FROM relay_checkpoints WHERE name = 'events') h"
                + "  ORDER BY tx, pos LIMIT 1) h, LATERAL (SELECT e.stream_id FROM project_events e"
                + "   WHERE (e.tx_id, e.global_position) > (h.tx, h.pos)"
                + "   ORDER BY e.tx_id, e.global_position LIMIT " + (RECENT_LIMIT + 1) + ") e)"
                + " SELECT (SELECT count(*) FROM recent) <= " + RECENT_LIMIT + ","
                + " NOT EXISTS (SELECT 1 FROM (SELECT DISTINCT stream_id FROM recent) r"
                + "   JOIN project_streams s ON s.stream_id = r.stream_id"
                + "   LEFT JOIN project_list_view v ON v.project_id = s.stream_id"
                + "   WHERE " + inWorkspace("s", workspaceId) + " AND " + visibleTo("s", scopes)
                + "   AND v.version IS DISTINCT FROM s.version)")
                .execute(Tuple.of(workspaceId, caller.username(), caller.organization(), eventsTopic))
                .flatMap(rows -> {
                    Row r = rows.iterator().next();
                    return r.getBoolean(0) ? Uni.createFrom().item(new Coverage(r.getBoolean(1), CheckPath.RECENT))
                            : sums(client, workspaceId, scopes, caller);
                });
    }

    /** The third way. */
    private Uni<Coverage> sums(SqlClient client, String workspaceId, List<Scope> scopes, Caller caller) {
        return client.preparedQuery("SELECT (SELECT coalesce(sum(s.version), 0) FROM project_streams s"
                + " WHERE " + inWorkspace("s", workspaceId) + " AND " + visibleTo("s", scopes) + ")"
                + " = (SELECT coalesce(sum(v.version), 0) FROM project_list_view v"
                + " WHERE " + inWorkspace("v", workspaceId) + " AND " + visibleTo("v", scopes) + ")")
                .execute(Tuple.of(workspaceId, caller.username(), caller.organization()))
                .map(rows -> new Coverage(rows.iterator().next().getBoolean(0), CheckPath.SUMS));
    }

    /** The most events after the horizon the RECENT check looks through before it sums instead. */
    static final int RECENT_LIMIT = 1000;

    /**
     * What the first two ways need to know, in one look at the marks: whether every committed
     * event is relayed; how many partitions the relay has marked; in how many the projector is
     * behind; and in how many of those it has no position to start the RECENT way from (it has
     * applied nothing there, or only records without the order headers).
     */
    private static final String PIPELINE_STATE = "SELECT NOT EXISTS (" + EventStore.unpublishedEvents("1") + "),"
            + " count(*), count(*) FILTER (WHERE p.next_offset IS NULL OR p.next_offset < r.next_offset),"
            + " count(*) FILTER (WHERE p.next_offset IS NULL OR (p.next_offset < r.next_offset AND p.last_tx_id IS NULL))"
            + " FROM relay_partition_marks r LEFT JOIN projector_partition_marks p"
            + " ON p.topic = r.topic AND p.partition = r.partition WHERE r.topic = $1";

    /** What the projector has applied of one partition: the next offset, and the newest event's order. */
    public record Applied(long nextOffset, EventStore.RelayCheckpoint newest) {
    }

    /** The projector's side of the marks, written in the transaction of the rows it applied. */
    public Uni<Void> markApplied(SqlConnection tx, String topic, Map<Integer, Applied> applied) {
        if (applied.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>(applied.size());
        applied.forEach((partition, a) -> rows.add(Tuple.of(topic, partition, a.nextOffset(),
                a.newest() == null ? null : a.newest().txId(), a.newest() == null ? null : a.newest().position())));
        String newer = "(m.last_tx_id IS NULL OR (EXCLUDED.last_tx_id IS NOT NULL"
                + " AND (EXCLUDED.last_tx_id, EXCLUDED.last_position) > (m.last_tx_id, m.last_position)))";
        return tx.preparedQuery("INSERT INTO projector_partition_marks AS m"
                + " (topic, partition, next_offset, last_tx_id, last_position) VALUES ($1, $2, $3, $4::text::xid8, $5)"
                + " ON CONFLICT (topic, partition) DO UPDATE SET"
                + " next_offset = greatest(m.next_offset, EXCLUDED.next_offset),"
                + " last_tx_id = CASE WHEN " + newer + " THEN EXCLUDED.last_tx_id ELSE m.last_tx_id END,"
                + " last_position = CASE WHEN " + newer + " THEN EXCLUDED.last_position ELSE m.last_position END")
                .executeBatch(rows).replaceWithVoid();
    }

    /** One workspace ($1), or all of them: two statements, each with a plan that uses its index. */
    private static String inWorkspace(String alias, String workspaceId) {
        return workspaceId == null ? "$1::text IS NULL" : alias + ".workspace_id = $1";
    }

    /** The scope filter over a row alias; parameters $2 = username, $3 = organization. */
    private static String visibleTo(String alias, List<Scope> scopes) {
        List<String> parts = new ArrayList<>();
        if (scopes.contains(Scope.USER)) {
            parts.add("(" + alias + ".scope = 'user' AND " + alias + ".author = $2 AND " + alias
                    + ".organization IS NOT DISTINCT FROM $3::text)");
        }
        if (scopes.contains(Scope.ORGANIZATION)) {
            parts.add("(" + alias + ".scope = 'organization' AND " + alias + ".organization = $3::text)");
        }
        if (!scopes.contains(Scope.USER)) {
            parts.add("($2::text IS NULL AND false)");
        }
        return "(" + String.join(" OR ", parts) + ")";
    }

    private ProjectState toState(Row r) {
        ProjectState s = ProjectState.withAttributes(new StreamAttributes(r.getString(0), r.getString(1),
                r.getString(2), r.getString(3), r.getString(4)));
        s.name = r.getString(5);
        s.description = r.getString(6);
        s.metadata = json.readObject(r.getString(7));
        s.createdAt = r.getOffsetDateTime(8);
        s.updatedAt = r.getOffsetDateTime(9);
        s.version = r.getInteger(10);
        s.deleted = r.getBoolean(11);
        s.incarnationStart = r.getInteger(12);
        return s;
    }


}
