package io.projectservice.sharing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.projectservice.support.EventLog;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The inbox, the outbox and the grant check read indexes, not the whole share table: with 30,000
 * shares of 300 projects by 100 sharers to 3,000 recipients (and statistics), none of their plans
 * scans {@code project_shares}.
 */
@QuarkusTest
class ShareIndexesTest {
    @Inject
    EventLog log;

    @Test
    void inboxOutboxAndGrantReadIndexes() {
        try {
            check();
        } finally {
            // streams without events must not outlive the test: other tests fold and count streams
            log.rows("DELETE FROM project_shares WHERE project_id LIKE 'idx-p-%'");
            log.rows("DELETE FROM project_streams WHERE stream_id LIKE 'idx-p-%'");
        }
    }

    private void check() {
        log.rows("INSERT INTO project_streams (stream_id, version, workspace_id, scope, author, organization)"
                + " SELECT 'idx-p-' || i, 1, 'idx', 'user', 'sharer-' || (i % 100), 'idx-org'"
                + " FROM generate_series(1, 300) i ON CONFLICT DO NOTHING RETURNING stream_id");
        log.rows("INSERT INTO project_shares (share_id, project_id, incarnation_start, sharer, sharer_organization,"
                + " recipient_sub, recipient_email, recipient_username, recipient_organization, share_role, status,"
                + " created_at, pruned_at)"
                + " SELECT 'shr_' || lpad(to_hex(i), 20, '0'), 'idx-p-' || (i % 300 + 1), 1, 'sharer-' || (i % 300 % 100),"
                + " 'idx-org', CASE WHEN i % 3 = 0 THEN 'sub-' || (i % 3000) END,"
                + " CASE WHEN i % 3 = 1 THEN 'r' || (i % 3000) || '@x.example' END,"
                + " CASE WHEN i % 3 = 2 THEN 'user-' || (i % 3000) END, CASE WHEN i % 3 = 2 THEN 'org-x' END,"
                + " 'viewer', (ARRAY['pending', 'accepted', 'revoked', 'left', 'superseded'])[i % 5 + 1],"
                + " now() - i * interval '1 second', CASE WHEN i % 5 >= 3 THEN now() END"
                + " FROM generate_series(1, 30000) i ON CONFLICT DO NOTHING RETURNING share_id");
        log.rows("ANALYZE project_shares");
        log.rows("ANALYZE project_streams");

        String inbox = plan("EXPLAIN " + Shares.INBOX + Shares.PAGE_ORDER + "5", "sub-42", "r43@x.example",
                "user-44", "org-x", 101);
        String outbox = plan("EXPLAIN " + Shares.OUTBOX + Shares.PAGE_ORDER + "4", "sharer-7", "idx-org", null, 101);
        String grant = plan("EXPLAIN " + Shares.GRANT, "sub-42", "r43@x.example", "user-44", "org-x", "idx-p-7");
        for (String p : List.of(inbox, outbox, grant)) {
            assertFalse(p.contains("Seq Scan on project_shares"), p);
            assertTrue(p.contains("project_shares_"), "names one of the share indexes:\n" + p);
        }
        assertTrue(inbox.contains("project_shares_to_sub") && inbox.contains("project_shares_to_email")
                && inbox.contains("project_shares_to_user"), inbox);
        assertTrue(outbox.contains("project_shares_outbox"), outbox);
        assertTrue(grant.contains("project_shares_project") || grant.contains("project_shares_to_"), grant);
    }

    private String plan(String sql, Object... params) {
        return log.rows(sql, params).stream().map(r -> r.getString(0)).collect(Collectors.joining("\n"));
    }
}
