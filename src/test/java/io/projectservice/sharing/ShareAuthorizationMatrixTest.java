package io.projectservice.sharing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.projectservice.support.Api;
import io.projectservice.support.EventLog;
import io.projectservice.support.Projects;
import io.projectservice.support.StoredRows;
import io.projectservice.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Who may do what with ann's (user-scope) project once it is shared: every endpoint that names a
 * project or a share, for its owner, a viewer, an editor, recipients whose share was never
 * accepted, revoked, left, expired or superseded, and strangers in ann's organization and in
 * another. Each cell is one expected status; every denied request changes no stored row; a
 * project the caller may not see stays a 404 (409 for a save onto its id). Each role runs through
 * another route spelling.
 */
@QuarkusTest
class ShareAuthorizationMatrixTest {
    private static final String WS = "share-authz";

    @Inject
    StoredRows stored;

    @Inject
    EventLog log;

    enum Role { OWNER, VIEWER, EDITOR, PENDING, REVOKED, LEFT, EXPIRED, SUPERSEDED, SAME_ORG, OTHER_ORG }

    /** What an operation needs: which roles it allows, and what the rest get. */
    enum Kind { READ, WRITE, SAVE, DELETE, SHARE, RECIPIENT_ONLY }

    record Op(String name, Kind kind, Function<RequestSpecification, Response> call) {
    }

    record Setup(String projectId, String snapshotId, String callerShareId, String otherShareId) {
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void everyEndpointAnswersEachRoleAsTheContractSays(Role role) {
        Api api = Api.values()[role.ordinal() % Api.values().length];
        String user = user(role);
        String org = org(role);
        Setup s = setUp(role, api);
        List<Op> ops = operations(api, user, org, s);
        List<Op> allowed = new ArrayList<>();
        stored.unchangedBy(role + "'s refused requests", () -> {
            for (Op op : ops) {
                int expected = expected(role, op.kind());
                if (expected == 200) {
                    allowed.add(op);
                    continue;
                }
                Response r = op.call().apply(as(user, org));
                assertEquals(expected, r.statusCode(), role + " " + op.name() + ": " + r.asString());
                assertEquals(expected == 409 ? "conflict" : "error", r.path("status"), op.name());
                assertTrue(r.jsonPath().get("data") == null, op.name());
            }
        });
        // before the allowed requests (the owner's last deletes the project): the lists agree with the gate: the project is listed as shared, the share is in the inbox, only while usable
        boolean usable = role == Role.VIEWER || role == Role.EDITOR;
        Projects caller = Projects.of(api, user, org, WS);
        List<String> listed = caller.request().queryParam("scopes", "user,organization,shared")
                .get(caller.path("list")).then().statusCode(200).extract().path("data.id");
        assertEquals(usable || role == Role.OWNER, listed.contains(s.projectId()), role + " lists " + listed);
        List<String> inbox = caller.request().get(caller.path("share/inbox")).then().statusCode(200).extract()
                .path("data.share_id");
        assertEquals(usable || role == Role.PENDING, s.callerShareId() != null && inbox.contains(s.callerShareId()), role + " inbox " + inbox);
        for (Op op : allowed) {
            Response r = op.call().apply(as(user, org));
            assertEquals(200, r.statusCode(), role + " " + op.name() + ": " + r.asString());
        }
    }

    private static int expected(Role role, Kind kind) {
        boolean usable = role == Role.VIEWER || role == Role.EDITOR;
        if (kind == Kind.RECIPIENT_ONLY) {
            return 404; // the other share is addressed to zed, whoever asks
        }
        if (role == Role.OWNER) {
            return 200;
        }
        if (!usable) {
            return kind == Kind.SAVE ? 409 : 404;
        }
        return switch (kind) {
            case READ -> 200;
            case WRITE, SAVE -> role == Role.EDITOR ? 200 : 403;
            case DELETE, SHARE -> 403;
            case RECIPIENT_ONLY -> 404;
        };
    }

    /** ann's project with a snapshot, a share to zed, and the caller's relation to it. */
    private Setup setUp(Role role, Api api) {
        Projects ann = Projects.of(api, "ann", "acme", WS);
        String id = ann.save(Map.of("name", "Shared with " + role));
        String snapshot = ann.request().body(Map.of("project_id", id)).post(ann.path("snapshots/create"))
                .then().statusCode(200).extract().path("data.snapshot_id");
        String toZed = share(ann, id, Map.of("email", "zed@zed.example"), "viewer");
        if (role == Role.OWNER || role == Role.SAME_ORG || role == Role.OTHER_ORG) {
            return new Setup(id, snapshot, null, toZed);
        }
        Projects bea = Projects.of(api, "bea", "globex", WS);
        String shareId = share(ann, id, Map.of("username", "bea", "organization", "globex"),
                role == Role.EDITOR ? "editor" : "viewer");
        if (role != Role.PENDING) {
            accept(bea, shareId);
        }
        switch (role) {
            case REVOKED -> ann.request().body(Map.of("share_id", shareId)).post(ann.path("share/revoke"))
                    .then().statusCode(200);
            case LEFT -> bea.request().body(Map.of("share_id", shareId)).post(bea.path("share/leave"))
                    .then().statusCode(200);
            case EXPIRED -> log.rows("UPDATE project_shares SET expires_at = now() - interval '1 second'"
                    + " WHERE share_id = $1 RETURNING share_id", shareId);
            case SUPERSEDED -> share(ann, id, Map.of("username", "bea", "organization", "globex"), "editor");
            default -> {
            }
        }
        return new Setup(id, snapshot, shareId, toZed);
    }

    private static String share(Projects owner, String id, Map<String, String> recipient, String role) {
        return owner.request().body(Map.of("project_id", id, "recipient", recipient, "share_role", role))
                .post(owner.path("share")).then().statusCode(200).extract().path("data.share_id");
    }

    private static void accept(Projects recipient, String shareId) {
        recipient.request().body(Map.of("share_id", shareId)).post(recipient.path("share/accept"))
                .then().statusCode(200);
    }

    private static List<Op> operations(Api api, String user, String org, Setup s) {
        String id = s.projectId();
        Map<String, Op> ops = new LinkedHashMap<>();
        add(ops, "load", Kind.READ, r -> r.queryParam("project_id", id).get(api.path(user, org, WS, "load")));
        add(ops, "load an earlier version", Kind.READ, r -> r.queryParam("project_id", id).queryParam("version", 1)
                .get(api.path(user, org, WS, "load")));
        add(ops, "load as of now", Kind.READ, r -> r.queryParam("project_id", id)
                .queryParam("as_of", OffsetDateTime.now().plusSeconds(5).toString()).get(api.path(user, org, WS, "load")));
        add(ops, "history", Kind.READ, r -> r.queryParam("project_id", id).get(api.path(user, org, WS, "history")));
        add(ops, "export-project", Kind.READ, r -> r.body(Map.of("project_id", id))
                .post(api.path(user, org, WS, "export-project")));
        add(ops, "export-ontology", Kind.READ, r -> r.body(Map.of("project_id", id))
                .post(api.path(user, org, WS, "export-ontology")));
        add(ops, "snapshot list", Kind.READ, r -> r.queryParam("project_id", id)
                .get(api.path(user, org, WS, "snapshots/list")));
        add(ops, "copy", Kind.READ, r -> r.body(Map.of("project_id", id)).post(api.path(user, org, WS, "copy")));
        add(ops, "share it", Kind.SHARE, r -> r.body(Map.of("project_id", id, "recipient",
                Map.of("email", "another@zed.example"), "share_role", "viewer")).post(api.path(user, org, WS, "share")));
        add(ops, "its outbox", Kind.SHARE, r -> r.queryParam("project_id", id).get(api.path(user, org, WS, "share/list")));
        add(ops, "update zed's role", Kind.SHARE, r -> r.body(Map.of("share_id", s.otherShareId(),
                "share_role", "editor")).post(api.path(user, org, WS, "share/update-role")));
        add(ops, "accept zed's share", Kind.RECIPIENT_ONLY, r -> r.body(Map.of("share_id", s.otherShareId()))
                .post(api.path(user, org, WS, "share/accept")));
        add(ops, "leave zed's share", Kind.RECIPIENT_ONLY, r -> r.body(Map.of("share_id", s.otherShareId()))
                .post(api.path(user, org, WS, "share/leave")));
        add(ops, "save onto its id", Kind.SAVE, r -> r.body(Map.of("project", Map.of("id", id, "name", "by " + user)))
                .post(api.path(user, org, WS, "save")));
        add(ops, "snapshot create", Kind.WRITE, r -> r.body(Map.of("project_id", id))
                .post(api.path(user, org, WS, "snapshots/create")));
        add(ops, "snapshot restore", Kind.WRITE, r -> r.body(Map.of("project_id", id, "snapshot_id", s.snapshotId()))
                .post(api.path(user, org, WS, "snapshots/restore")));
        add(ops, "revoke zed's share", Kind.SHARE, r -> r.body(Map.of("share_id", s.otherShareId()))
                .post(api.path(user, org, WS, "share/revoke")));
        add(ops, "snapshot delete", Kind.DELETE, r -> r.body(Map.of("project_id", id, "snapshot_id", s.snapshotId()))
                .post(api.path(user, org, WS, "snapshots/delete")));
        add(ops, "cleanup", Kind.DELETE, r -> r.body(Map.of("project", Map.of("id", id)))
                .post(api.path(user, org, WS, "cleanup")));
        return new ArrayList<>(ops.values());
    }

    private static void add(Map<String, Op> ops, String name, Kind kind, Function<RequestSpecification, Response> call) {
        ops.put(name, new Op(name, kind, call));
    }

    private static String user(Role role) {
        return switch (role) {
            case OWNER -> "ann";
            case SAME_ORG -> "bob";
            case OTHER_ORG -> "eve";
            default -> "bea";
        };
    }

    private static String org(Role role) {
        return switch (role) {
            case OWNER, SAME_ORG -> "acme";
            case OTHER_ORG -> "other";
            default -> "globex";
        };
    }

    private static RequestSpecification as(String user, String org) {
        String token = Tokens.withClaims(Map.of("upn", user, "organization", org, "sub", "sub-" + user,
                "email", user + "@" + org + ".example", "groups", List.of("user")));
        return RestAssured.given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }
}
