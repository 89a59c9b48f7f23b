package io.projectservice.readmodel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.projectservice.projects.ProjectState;
import io.projectservice.projects.Scope;
import io.projectservice.security.Caller;
import io.projectservice.config.JsonCodec;
import io.projectservice.config.ServiceConfig;
import io.projectservice.eventstore.EventStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
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
            + " metadata::text, created_at, updated_at, version, deleted";

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
            batch.add(Tuple.tuple().addString(s.id).addString(s.workspaceId).addString(s.scope).addString(s.author)
                    .addString(s.organization).addString(s.name).addString(s.description)
                    .addString(json.write(s.metadata)).addOffsetDateTime(s.createdAt).addOffsetDateTime(s.updatedAt)
                    .addInteger(s.version).addBoolean(s.deleted));
        }
        return client.preparedQuery("INSERT INTO project_list_view (project_id, workspace_id, scope, author,"
                + " organization, name, description, metadata, created_at, updated_at, version, deleted)"
                + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text::jsonb, $9, $10, $11, $12)"
                + " ON CONFLICT (project_id) DO UPDATE SET workspace_id = EXCLUDED.workspace_id,"
                + " scope = EXCLUDED.scope, author = EXCLUDED.author, organization = EXCLUDED.organization,"
                + " name = EXCLUDED.name, description = EXCLUDED.description, metadata = EXCLUDED.metadata,"
                + " created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at,"
                + " version = EXCLUDED.version, deleted = EXCLUDED.deleted"
                + " WHERE project_list_view.version < EXCLUDED.version")
                .executeBatch(batch)
                .replaceWithVoid();
    }

    public record Cursor(OffsetDateTime updatedAt, String projectId) {
    }

    public record Page(List<ProjectState> items, Cursor next) {
    }

    /** One page of live projects the caller sees in a workspace, newest change first. */
    public Uni<Page> page(SqlClient client, String workspaceId, List<Scope> scopes, Caller caller, String nameFilter,
            Cursor after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM project_list_view v"
                + " WHERE v.workspace_id = $1 AND NOT v.deleted AND ").append(visibleTo("v", scopes));
        Tuple params = Tuple.of(workspaceId, caller.username(), caller.organization());
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
        return client.preparedQuery(sql.toString()).execute(params).map(rows -> {
            List<ProjectState> items = new ArrayList<>(rows.size());
            rows.forEach(r -> items.add(toState(r)));
            Cursor next = null;
            if (items.size() > limit) {
                items.remove(items.size() - 1);
                ProjectState last = items.get(items.size() - 1);
                next = new Cursor(last.updatedAt, last.id);
            }
            return new Page(items, next);
        });
    }

    /**
     * The organization's live projects marked as templates ({@code metadata.is_template: true}),
     * in every workspace, by name.
     */
    public Uni<List<ProjectState>> templates(SqlClient client, String organization) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM project_list_view"
                + " WHERE scope = 'organization' AND organization = $1 AND NOT deleted"
                + " AND metadata @> '{\"is_template\": true}' ORDER BY name, project_id")
                .execute(Tuple.of(organization))
                .map(rows -> {
                    List<ProjectState> items = new ArrayList<>(rows.size());
                    rows.forEach(r -> items.add(toState(r)));
                    return items;
                });
    }

    /**
     * True when the view holds, for every project of the caller's in these scopes (in one
     * workspace, or in all when it is null), at least the version the log has now: then a list
     * shows everything committed before this call.
     *
     * <p>It compares two sums instead of joining project by project: a view row is folded from its
     * project's events, so its version is never above the log's, and a missing row counts 0; the
     * sums of versions over the same projects (the same workspace, scope, author and organization
     * on both sides, deleted ones included) are therefore equal exactly when every project's view
     * row has caught up. Two index range scans instead of one index probe per project.
     */
    public Uni<Boolean> coversLog(SqlClient client, String workspaceId, List<Scope> scopes, Caller caller) {
        return client.preparedQuery("SELECT CASE WHEN " + PIPELINE_DRAINED + " THEN true ELSE"
                + " (SELECT coalesce(sum(s.version), 0) FROM project_streams s"
                + " WHERE " + inWorkspace("s", workspaceId) + " AND " + visibleTo("s", scopes) + ")"
                + " = (SELECT coalesce(sum(v.version), 0) FROM project_list_view v"
                + " WHERE " + inWorkspace("v", workspaceId) + " AND " + visibleTo("v", scopes) + ") END")
                .execute(Tuple.of(workspaceId, caller.username(), caller.organization(), eventsTopic))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    /**
     * The check's fast path, whatever the number of projects: the relay has published every
     * committed event (none after its checkpoint), and in every partition of the events topic the
     * projector has applied up to the relay's mark (V9__pipeline_marks.sql). The relay publishes
     * in (tx_id, position) order and the projector applies each partition in offset order, writing
     * its mark with the rows, so then every committed event is in the view.
     */
    private static final String PIPELINE_DRAINED = "NOT EXISTS (" + EventStore.unpublishedEvents("1") + ")"
            // no marks yet (a new database, or right after a rebuild): nothing to compare, take the long way
            + " AND EXISTS (SELECT 1 FROM relay_partition_marks WHERE topic = $4)"
            + " AND NOT EXISTS (SELECT 1 FROM relay_partition_marks r LEFT JOIN projector_partition_marks p"
            + "   ON p.topic = r.topic AND p.partition = r.partition"
            + "   WHERE r.topic = $4 AND (p.next_offset IS NULL OR p.next_offset < r.next_offset))";

    /** The projector's side of the marks, written in the transaction of the rows it applied. */
    public Uni<Void> markApplied(SqlConnection tx, String topic, Map<Integer, Long> nextOffsets) {
        return EventStore.markOffsets(tx, "projector_partition_marks", topic, nextOffsets);
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
        ProjectState s = ProjectState.attributes(r.getString(0), r.getString(1), r.getString(2), r.getString(3),
                r.getString(4));
        s.name = r.getString(5);
        s.description = r.getString(6);
        s.metadata = json.readObject(r.getString(7));
        s.createdAt = r.getOffsetDateTime(8);
        s.updatedAt = r.getOffsetDateTime(9);
        s.version = r.getInteger(10);
        s.deleted = r.getBoolean(11);
        return s;
    }


}
