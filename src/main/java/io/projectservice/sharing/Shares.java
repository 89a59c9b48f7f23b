package io.projectservice.sharing;

import io.projectservice.eventstore.StreamHead;
import io.projectservice.projects.ShareGrants;
import io.projectservice.security.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * SQL of {@code project_shares}: the state of every share, written in the transaction that appends
 * its event, and read by every authorization check. Expiry and the project's incarnation are
 * judged by the database, at use.
 */
@ApplicationScoped
public class Shares implements ShareGrants {
    /**
     * A share's columns, then its project's name ({@code %s}: a column, or NULL), from the share
     * {@code s} and its project's head {@code h}.
     */
    private static final String SELECT_SHARES = """
            SELECT s.share_id, s.project_id, s.incarnation_start, s.sharer, s.sharer_organization,
                   s.recipient_sub, s.recipient_email, s.recipient_username, s.recipient_organization,
                   s.share_role, s.status, s.created_at, s.expires_at, s.accepted_at,
                   (s.expires_at IS NOT NULL AND s.expires_at <= now()) AS expired,
                   (h.deleted OR h.incarnation_start <> s.incarnation_start) AS project_gone, %s
            FROM project_shares s JOIN project_streams h ON h.stream_id = s.project_id
            """;
    /** The caller as a recipient; parameters $1 sub, $2 email, $3 username, $4 organization. */
    private static final String ADDRESSED_TO_CALLER = """
            (s.recipient_sub = $1 OR s.recipient_email = $2
             OR (s.recipient_username = $3 AND s.recipient_organization = $4))""";
    private static final String USABLE = """
            s.status = 'accepted' AND (s.expires_at IS NULL OR s.expires_at > now())
            AND NOT h.deleted AND h.incarnation_start = s.incarnation_start""";
    private static final String SHARES = SELECT_SHARES.formatted("NULL");
    private static final String SHARES_NAMED = SELECT_SHARES.formatted("v.name")
            + "LEFT JOIN project_list_view v ON v.project_id = s.project_id\n";

    /** A usable share of project $5 to the caller ($1..$4): the grant check. */
    static final String GRANT = SHARES + """
            WHERE s.project_id = $5 AND %s AND %s
            ORDER BY (s.share_role = 'editor') DESC, s.created_at DESC LIMIT 1"""
            .formatted(ADDRESSED_TO_CALLER, USABLE);
    /** The outbox of sharer $1 of organization $2 (of project $3 when not null), before paging. */
    static final String OUTBOX = SHARES_NAMED + """
            WHERE s.sharer = $1 AND s.sharer_organization IS NOT DISTINCT FROM $2
            AND ($3::text IS NULL OR s.project_id = $3)""";
    /** The inbox of the caller ($1..$4), before paging. */
    static final String INBOX = SHARES_NAMED + """
            WHERE s.pruned_at IS NULL AND %s
            AND s.status IN ('pending', 'accepted') AND (s.expires_at IS NULL OR s.expires_at > now())
            AND NOT h.deleted AND h.incarnation_start = s.incarnation_start""".formatted(ADDRESSED_TO_CALLER);
    static final String PAGE_ORDER = " ORDER BY s.created_at DESC, s.share_id DESC LIMIT $";

    public Uni<Share> find(SqlClient client, String shareId) {
        return client.preparedQuery(SHARES + "WHERE s.share_id = $1")
                .execute(Tuple.of(shareId)).map(rows -> rows.size() == 0 ? null : share(rows.iterator().next()));
    }

    @Override
    public Uni<Share> grant(SqlClient client, StreamHead head, Caller caller) {
        return client.preparedQuery(GRANT).execute(recipientParams(caller).addString(head.streamId()))
                .map(rows -> rows.size() == 0 ? null : share(rows.iterator().next()));
    }

    /** The open (pending or accepted) shares of a project to this recipient, named the same way. */
    public Uni<List<Share>> openTo(SqlClient client, String projectId, Recipient r) {
        return client.preparedQuery(SHARES + """
                WHERE s.project_id = $1 AND s.status IN ('pending', 'accepted')
                AND s.recipient_sub IS NOT DISTINCT FROM $2 AND s.recipient_email IS NOT DISTINCT FROM $3
                AND s.recipient_username IS NOT DISTINCT FROM $4 AND s.recipient_organization IS NOT DISTINCT FROM $5
                """)
                .execute(Tuple.of(projectId, r.sub(), r.email(), r.username()).addString(r.organization()))
                .map(this::shares);
    }

    /** The newest share of a project to a recipient named by {@code sub}, or null. */
    public Uni<Share> newestToSub(SqlClient client, String projectId, String sub) {
        return client.preparedQuery(SHARES + """
                WHERE s.project_id = $1 AND s.recipient_sub = $2
                ORDER BY (s.status IN ('pending', 'accepted')) DESC, s.created_at DESC LIMIT 1""")
                .execute(Tuple.of(projectId, sub)).map(rows -> rows.size() == 0 ? null : share(rows.iterator().next()));
    }

    public Uni<Long> countOpen(SqlClient client, String projectId) {
        return client.preparedQuery("""
                SELECT count(*) FROM project_shares WHERE project_id = $1 AND status IN ('pending', 'accepted')""")
                .execute(Tuple.of(projectId))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    public Uni<Void> insert(SqlClient client, String shareId, StreamHead head, Caller sharer, Recipient r,
            ShareRole role, OffsetDateTime expiresAt) {
        return client.preparedQuery("""
                INSERT INTO project_shares (share_id, project_id, incarnation_start, sharer, sharer_organization,
                    recipient_sub, recipient_email, recipient_username, recipient_organization, share_role, status,
                    expires_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'pending', $11)""")
                .execute(Tuple.tuple().addString(shareId).addString(head.streamId())
                        .addInteger(head.incarnationStart()).addString(sharer.username())
                        .addString(sharer.organization()).addString(r.sub()).addString(r.email())
                        .addString(r.username()).addString(r.organization()).addString(role.wire())
                        .addOffsetDateTime(expiresAt))
                .replaceWithVoid();
    }

    /**
     * A new status. Accepting records when; ending a share the recipient never accepted, or their
     * leaving, takes it out of their inbox at once.
     */
    public Uni<Void> setStatus(SqlClient client, String shareId, String status) {
        return client.preparedQuery("""
                UPDATE project_shares SET status = $2, updated_at = now(),
                    accepted_at = CASE WHEN $2 = 'accepted' THEN now() ELSE accepted_at END,
                    pruned_at = CASE WHEN $2 = 'left' OR ($2 <> 'accepted' AND accepted_at IS NULL) THEN now()
                        ELSE pruned_at END
                WHERE share_id = $1""")
                .execute(Tuple.of(shareId, status)).replaceWithVoid();
    }

    public Uni<Void> setRole(SqlClient client, String shareId, ShareRole role) {
        return client.preparedQuery("""
                UPDATE project_shares SET share_role = $2, updated_at = now() WHERE share_id = $1""")
                .execute(Tuple.of(shareId, role.wire())).replaceWithVoid();
    }

    /** Where a page of shares starts: after this (created_at, share_id), newest first. */
    public record Cursor(OffsetDateTime createdAt, String shareId) {
    }

    public record Page(List<Share> items, Cursor next) {
    }

    /** The shares {@code sharer} made (of one project, when given), newest first. */
    public Uni<Page> outbox(SqlClient client, Caller sharer, String projectId, Cursor after, int limit) {
        Tuple params = Tuple.of(sharer.username(), sharer.organization(), projectId);
        return page(client, new StringBuilder(OUTBOX), params, after, limit);
    }

    /** The open shares addressed to {@code caller} that are not expired and whose project lives, newest first. */
    public Uni<Page> inbox(SqlClient client, Caller caller, Cursor after, int limit) {
        return page(client, new StringBuilder(INBOX), recipientParams(caller), after, limit);
    }

    private Uni<Page> page(SqlClient client, StringBuilder sql, Tuple params, Cursor after, int limit) {
        if (after != null) {
            params.addOffsetDateTime(after.createdAt()).addString(after.shareId());
            int t = params.size() - 1;
            sql.append(" AND (s.created_at, s.share_id) < ($").append(t).append(", $").append(t + 1).append(")");
        }
        params.addInteger(limit + 1);
        sql.append(PAGE_ORDER).append(params.size());
        return client.preparedQuery(sql.toString()).execute(params).map(rows -> {
            List<Share> items = shares(rows);
            if (items.size() <= limit) {
                return new Page(items, null);
            }
            items.remove(items.size() - 1);
            Share last = items.get(items.size() - 1);
            return new Page(items, new Cursor(last.createdAt(), last.shareId()));
        });
    }

    public record Synced(long pruned, long active) {
    }

    /**
     * Drops from the caller's inbox up to {@code limit} shares they accepted that grant nothing any
     * more (ended, expired, or their project gone), and counts the usable ones left.
     */
    public Uni<Synced> sync(SqlClient client, Caller caller, int limit) {
        String pruned = """
                UPDATE project_shares p SET pruned_at = now()
                FROM (SELECT s.share_id FROM project_shares s JOIN project_streams h ON h.stream_id = s.project_id
                      WHERE s.pruned_at IS NULL AND s.accepted_at IS NOT NULL AND %s AND NOT (%s)
                      LIMIT $5 FOR UPDATE OF s) gone
                WHERE p.share_id = gone.share_id""".formatted(ADDRESSED_TO_CALLER, USABLE);
        String active = """
                SELECT count(*) FROM project_shares s JOIN project_streams h ON h.stream_id = s.project_id
                WHERE s.pruned_at IS NULL AND %s AND %s""".formatted(ADDRESSED_TO_CALLER, USABLE);
        return client.preparedQuery(pruned).execute(recipientParams(caller).addInteger(limit))
                .flatMap(done -> client.preparedQuery(active).execute(recipientParams(caller))
                        .map(rows -> new Synced(done.rowCount(), rows.iterator().next().getLong(0))));
    }

    /** The usable shares to {@code caller} among these projects: project id to share. */
    public Uni<List<Share>> usableAmong(SqlClient client, Caller caller, List<String> projectIds) {
        return client.preparedQuery(SHARES + "WHERE s.project_id = ANY($5) AND %s AND %s"
                .formatted(ADDRESSED_TO_CALLER, USABLE))
                .execute(recipientParams(caller).addArrayOfString(projectIds.toArray(String[]::new)))
                .map(this::shares);
    }

    /** The SQL condition "usable by the caller" for the list view alias {@code v}, with the recipient at $n.. */
    public static String listableCondition(int firstParam) {
        String sub = "$" + firstParam;
        String email = "$" + (firstParam + 1);
        String user = "$" + (firstParam + 2);
        String org = "$" + (firstParam + 3);
        return """
                v.project_id IN (SELECT s.project_id
                    FROM project_shares s JOIN project_streams h ON h.stream_id = s.project_id
                    WHERE (s.recipient_sub = %s OR s.recipient_email = %s
                           OR (s.recipient_username = %s AND s.recipient_organization = %s))
                    AND s.pruned_at IS NULL AND %s)""".formatted(sub, email, user, org, USABLE);
    }

    public static Tuple addRecipient(Tuple params, Caller caller) {
        return params.addString(caller.sub()).addString(caller.email()).addString(caller.username())
                .addString(caller.organization());
    }

    private static Tuple recipientParams(Caller caller) {
        return addRecipient(Tuple.tuple(), caller);
    }

    private List<Share> shares(RowSet<Row> rows) {
        List<Share> list = new ArrayList<>(rows.size());
        rows.forEach(r -> list.add(share(r)));
        return list;
    }

    private Share share(Row r) {
        Recipient recipient = new Recipient(r.getString(5), r.getString(6), r.getString(7), r.getString(8));
        return new Share(r.getString(0), r.getString(1), r.getInteger(2), r.getString(3), r.getString(4), recipient,
                ShareRole.parse(r.getString(9)), r.getString(10), r.getOffsetDateTime(11), r.getOffsetDateTime(12),
                r.getOffsetDateTime(13), r.getBoolean(14), r.getBoolean(15), r.getString(16));
    }
}
