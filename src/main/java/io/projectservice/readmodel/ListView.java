package io.projectservice.readmodel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.projectservice.projects.ProjectState;
import io.projectservice.projects.StreamAttributes;
import io.projectservice.projects.Scope;
import io.projectservice.projects.ScopeFilter;
import io.projectservice.security.Caller;
import io.projectservice.sharing.Shares;
import io.projectservice.config.JsonCodec;
import io.projectservice.config.ServiceConfig;
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

/** SQL of the list read model ({@code project_list_view}): reads and guarded upserts. */
@ApplicationScoped
public class ListView {
    private static final String COLUMNS = """
            project_id, workspace_id, scope, author, organization, name, description,
            metadata::text, created_at, updated_at, version, deleted, first_version""";
    /** What a list item holds besides its name, description and metadata (ids, times, keys): about. */
    private static final int ITEM_OVERHEAD = 320;

    private final JsonCodec json;

    public ListView(JsonCodec json) {
        this.json = json;
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
        return upsertInto(client, LIVE, states);
    }

    /** The live view's table; a rebuild fills {@link ReadModelRebuild#NEXT} beside it. */
    public static final String LIVE = "project_list_view";

    /** {@link #upsert} into {@code table}: the live view, or the copy a rebuild fills. */
    Uni<Void> upsertInto(SqlClient client, String table, Collection<ProjectState> states) {
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
        return client.preparedQuery("""
                INSERT INTO %s AS v (project_id, workspace_id, scope, author,
                organization, name, description, metadata, created_at, updated_at, version, deleted,
                first_version, row_bytes)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text::jsonb, $9, $10, $11, $12, $13, $14)
                ON CONFLICT (project_id) DO UPDATE SET workspace_id = EXCLUDED.workspace_id,
                scope = EXCLUDED.scope, author = EXCLUDED.author, organization = EXCLUDED.organization,
                name = EXCLUDED.name, description = EXCLUDED.description, metadata = EXCLUDED.metadata,
                created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at,
                version = EXCLUDED.version, deleted = EXCLUDED.deleted, first_version = EXCLUDED.first_version,
                row_bytes = EXCLUDED.row_bytes
                WHERE v.version < EXCLUDED.version""".formatted(table))
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
                + " WHERE NOT v.deleted AND ((v.workspace_id = $1 AND ").append(ScopeFilter.visibleTo("v", scopes)).append(")");
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
        return """
                SELECT %1$s, fetched FROM (SELECT p.*, count(*) OVER () AS fetched,
                sum(p.row_bytes + %2$d) OVER (ORDER BY %3$s ROWS UNBOUNDED PRECEDING)
                - (p.row_bytes + %2$d) AS before FROM (%4$s) p) x
                WHERE x.before < $%5$d ORDER BY %3$s""".formatted(COLUMNS, ITEM_OVERHEAD, order, inner, maxBytesParam);
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
        String inner = """
                SELECT v.* FROM project_list_view v WHERE v.scope = 'organization' AND v.organization = $1
                AND NOT v.deleted AND v.metadata @> '{"is_template": true}'%s
                ORDER BY v.name, v.project_id LIMIT $%d""".formatted(from, params.size() - 1);
        return client.preparedQuery(boundedInBytes(inner, "name, project_id", params.size())).execute(params)
                .map(rows -> {
                    Fetched fetched = fetched(rows, limit);
                    ProjectState last = fetched.more() ? fetched.items().get(fetched.items().size() - 1) : null;
                    return new TemplatePage(fetched.items(), last == null ? null : new NameCursor(last.name, last.id));
                });
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
