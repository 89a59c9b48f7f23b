package io.projectservice.projects;

import static io.projectservice.support.Events.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.projectservice.errors.Refusal;
import io.projectservice.eventstore.NewEvent;
import io.projectservice.eventstore.StreamHead;
import io.projectservice.security.Caller;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The decisions of the project commands and of the gate, without a database: given the locked
 * head (and state), the caller and the request, the path taken, the events to append, or the
 * refusal (kind and code).
 */
class ProjectDecisionsTest {
    private static final Caller ANN = new Caller("ann", "acme", Set.of("user"));
    private static final Caller BOB = new Caller("bob", "acme", Set.of("user"));
    private static final Caller EVE = new Caller("eve", "other", Set.of("user"));
    private static final Caller LONE = new Caller("ann", null, Set.of("user"));

    private static Caller caller(String name) {
        return switch (name) {
            case "ann" -> ANN;
            case "bob" -> BOB;
            case "eve" -> EVE;
            case "lone" -> LONE;
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** Project p1 of ann/acme at log version 3 (first incarnation), live or deleted. */
    private static StreamHead head(String workspace, String scope, boolean deleted) {
        return new StreamHead("p1", 3, workspace, scope, "ann", "acme", deleted, null, null);
    }

    private static ObjectNode named() {
        return json("{\"name\": \"Risk\"}");
    }

    private static void refused(Refusal.Kind kind, String code, Runnable decision) {
        Refusal r = assertThrows(Refusal.class, decision::run);
        assertEquals(kind, r.kind(), r.getMessage());
        assertEquals(code, r.code(), r.getMessage());
    }

    // ---- save: which path, or which refusal

    @ParameterizedTest(name = "{0} saves {1} (head {2}/{3}, deleted {4}) naming {5}/{6}: {7}")
    @CsvSource(nullValues = "-", value = {
            // caller, has name, head ws, head scope, deleted, request ws, request scope, path or refusal code
            "ann, true, -, -, false, ws, user, CREATE", // an unused id
            "eve, true, -, -, false, ws, organization, CREATE", // anyone may take an unused id
            "ann, false, -, -, false, ws, user, field_required", // a new project needs a name
            "ann, true, ws, user, true, ws, user, CREATE", // the author reuses a deleted id: a new incarnation
            "bob, true, ws, organization, true, ws, organization, CREATE", // a member reuses an org project's id
            "bob, true, ws, user, true, ws, user, project_id_taken", // someone else's deleted user project
            "ann, true, ws, user, true, other, user, project_id_taken", // deleted, but in another workspace
            "ann, true, ws, user, true, ws, organization, project_id_taken", // deleted, in another scope
            "eve, true, ws, organization, true, ws, organization, project_id_taken", // a stranger
            "ann, false, ws, user, true, ws, user, field_required", // a reincarnation needs a name too
            "ann, true, ws, user, false, ws, user, UPDATE", // the author at home
            "ann, false, ws, user, false, ws, user, UPDATE", // an update needs no name
            "bob, true, ws, organization, false, ws, organization, UPDATE", // a member at home
            "ann, true, ws, user, false, other, user, project_in_other_workspace",
            "ann, true, ws, user, false, ws, organization, project_in_other_workspace",
            "bob, true, ws, organization, false, other, organization, project_in_other_workspace",
            "bob, true, ws, user, false, ws, user, UPDATE_THROUGH_SHARE", // not an owner: only a share lets in
            "eve, true, ws, organization, false, ws, organization, UPDATE_THROUGH_SHARE",
            "eve, true, ws, organization, false, elsewhere, user, UPDATE_THROUGH_SHARE", // whatever home named
            "lone, true, ws, user, false, ws, user, UPDATE_THROUGH_SHARE"}) // same name, other organization
    void saveGoesWhereTheHeadAndTheCallerSay(String who, boolean hasName, String headWs, String headScope,
            boolean deleted, String ws, String scope, String expected) {
        StreamHead head = headWs == null ? null : head(headWs, headScope, deleted);
        ObjectNode changes = hasName ? named() : json("{\"description\": \"d\"}");
        Scope requested = Scope.parse(scope, "project.scope");
        if (expected.equals(expected.toUpperCase())) {
            assertEquals(ProjectDecisions.SavePath.valueOf(expected),
                    ProjectDecisions.save(head, caller(who), "p1", ws, requested, changes, null));
        } else {
            Refusal.Kind kind = expected.equals("field_required") ? Refusal.Kind.INVALID : Refusal.Kind.CONFLICT;
            refused(kind, expected, () -> ProjectDecisions.save(head, caller(who), "p1", ws, requested, changes, null));
        }
    }

    @ParameterizedTest(name = "If-Match {0} on a project that does not exist: {1}")
    @CsvSource(nullValues = "-", value = {"-, CREATE", "0, CREATE", "1, if_match_without_project",
            "3, if_match_without_project", "-1, if_match_without_project"})
    void ifMatchOnANewProjectMustBeZeroOrAbsent(Integer ifMatch, String expected) {
        for (StreamHead head : new StreamHead[] {null, head("ws", "user", true)}) {
            if (expected.equals("CREATE")) {
                assertEquals(ProjectDecisions.SavePath.CREATE,
                        ProjectDecisions.save(head, ANN, "p1", "ws", Scope.USER, named(), ifMatch));
            } else {
                refused(Refusal.Kind.CONFLICT, expected,
                        () -> ProjectDecisions.save(head, ANN, "p1", "ws", Scope.USER, named(), ifMatch));
            }
        }
    }

    @ParameterizedTest(name = "If-Match {0} on a project at API version {1}: accepted {2}")
    @CsvSource(nullValues = "-", value = {"-, 3, true", "3, 3, true", "2, 3, false", "4, 3, false", "0, 3, false",
            "1, 1, true", "2, 1, false"})
    void ifMatchMustNameTheCurrentVersion(Integer ifMatch, int version, boolean accepted) {
        StreamHead head = new StreamHead("p1", version, "ws", "user", "ann", "acme", false, null, null);
        if (accepted) {
            ProjectDecisions.requireVersion(head, ifMatch);
        } else {
            refused(Refusal.Kind.CONFLICT, "version_conflict", () -> ProjectDecisions.requireVersion(head, ifMatch));
        }
    }

    @Test
    void ifMatchCountsFromTheIncarnationsFirstEvent() {
        // log version 7, the incarnation began at 5: the API says version 3
        StreamHead head = new StreamHead("p1", 7, "ws", "user", "ann", "acme", false, null, null, 2, 5);
        ProjectDecisions.requireVersion(head, 3);
        refused(Refusal.Kind.CONFLICT, "version_conflict", () -> ProjectDecisions.requireVersion(head, 7));
    }

    @Test
    void aSaveThroughAShareNeedsAnEditorsShare() {
        ProjectDecisions.requireShareToSave(() -> true, "p1");
        refused(Refusal.Kind.FORBIDDEN, "viewer_read_only",
                () -> ProjectDecisions.requireShareToSave(() -> false, "p1"));
        refused(Refusal.Kind.CONFLICT, "project_id_taken", () -> ProjectDecisions.requireShareToSave(null, "p1"));
    }

    // ---- what a save appends

    @Test
    void aCreationHasTheChangesOverAnEmptyContent() {
        StreamAttributes attributes = new StreamAttributes("p1", "ws", "user", "ann", "acme");
        NewEvent e = ProjectDecisions.creation(attributes, json("{\"name\": \"Risk\", \"description\": \"d\"}"));
        assertEquals(ProjectEvents.CREATED, e.type());
        assertEquals("p1", e.data().get("id").asText());
        assertEquals("ann", e.data().get("author").asText());
        ObjectNode content = (ObjectNode) e.data().get("content");
        assertEquals("Risk", content.get("name").asText());
        assertEquals("d", content.get("description").asText());
        assertEquals(json("{}"), content.get("metadata"));
        assertEquals(json("{\"nodes\": [], \"edges\": []}"), content.get("ontology"));
        assertEquals(0, content.get("concepts").size());
        assertFalse(e.data().has("origin"));
    }

    private static ProjectState current() {
        ProjectState s = new ProjectState();
        s.applyContent(json("{\"name\": \"Risk\", \"description\": \"d\", \"metadata\": {\"a\": 1}}"));
        s.version = 3;
        return s;
    }

    @ParameterizedTest(name = "changes {0} give effective {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"name\": \"Risk\"}|{}", // the same name: nothing
            "{\"name\": \"Risk 2\"}|{\"name\": \"Risk 2\"}",
            "{\"name\": \"Risk\", \"description\": \"e\"}|{\"description\": \"e\"}",
            "{\"description\": \"d\", \"metadata\": {\"a\": 1}}|{}",
            "{\"metadata\": {\"a\": 2}}|{\"metadata\": {\"a\": 2}}",
            "{\"metadata\": {}}|{\"metadata\": {}}",
            "{\"description\": null}|{\"description\": null}", // clearing is a change
            "{}|{}"})
    void anUpdateAppendsOnlyWhatChanges(String changes, String effective) {
        StreamHead head = head("ws", "user", false);
        List<NewEvent> events = ProjectDecisions.update(head, current(), json(changes), null);
        if (json(effective).isEmpty()) {
            assertTrue(events.isEmpty(), "a save that changes nothing is no new version");
        } else {
            assertEquals(1, events.size());
            assertEquals(ProjectEvents.UPDATED, events.get(0).type());
            assertEquals(json(effective), events.get(0).data().get("changes"));
        }
        assertEquals(json(effective), ProjectDecisions.effectiveChanges(current(), json(changes)));
    }

    @Test
    void anUpdateWithAStaleIfMatchIsRefusedBeforeAnythingIsDecided() {
        refused(Refusal.Kind.CONFLICT, "version_conflict",
                () -> ProjectDecisions.update(head("ws", "user", false), current(), named(), 2));
    }

    // ---- create (import, template): may a new project take an id?

    @ParameterizedTest(name = "{0} takes the id (head {1}/{2}, deleted {3}) in {4}/{5}: {6}")
    @CsvSource(nullValues = "-", value = {
            "ann, -, -, false, ws, user, true",
            "ann, ws, user, false, ws, user, false", // live: never
            "ann, ws, user, true, ws, user, true",
            "bob, ws, user, true, ws, user, false",
            "bob, ws, organization, true, ws, organization, true",
            "eve, ws, organization, true, ws, organization, false",
            "ann, ws, user, true, other, user, false",
            "ann, ws, user, true, ws, organization, false"})
    void aNewProjectTakesOnlyAFreeId(String who, String headWs, String headScope, boolean deleted, String ws,
            String scope, boolean allowed) {
        StreamHead head = headWs == null ? null : head(headWs, headScope, deleted);
        assertEquals(allowed, ProjectDecisions.mayTakeId(head, caller(who), ws, Scope.parse(scope, "scope")));
    }

    // ---- copy

    @Test
    void aCopyCarriesTheContentUnderItsNameAndSaysWhereItCameFrom() {
        ProjectState source = current();
        source.id = "p1";
        source.workspaceId = "ws";
        source.scope = "user";
        StreamAttributes attributes = new StreamAttributes("p2", "team", "organization", "bob", "acme");
        NewEvent e = ProjectDecisions.copy(attributes, source, "Risk (copy)");
        assertEquals(ProjectEvents.COPIED, e.type());
        assertEquals("p2", e.data().get("id").asText());
        assertEquals("Risk (copy)", e.data().path("content").get("name").asText());
        assertEquals("d", e.data().path("content").get("description").asText());
        assertEquals(json("{\"a\": 1}"), e.data().path("content").get("metadata"));
        assertEquals(json("{\"project_id\": \"p1\", \"workspace_id\": \"ws\", \"scope\": \"user\", \"version\": 3}"),
                e.data().get("source"));
        assertEquals("Risk", source.name, "the source is left as it was");
    }

    // ---- cleanup

    @ParameterizedTest(name = "{0} ids in chunks of {1}: {2} chunks")
    @CsvSource({"0, 5, 0", "1, 5, 1", "5, 5, 1", "6, 5, 2", "10, 5, 2", "11, 5, 3", "3, 1, 3", "100, 7, 15"})
    void cleanupChunksKeepOrderAndBound(int n, int size, int expectedChunks) {
        List<String> ids = IntStream.range(0, n).mapToObj(i -> "p" + i).toList();
        List<List<String>> chunks = ProjectDecisions.chunks(ids, size);
        assertEquals(expectedChunks, chunks.size());
        assertTrue(chunks.stream().allMatch(c -> !c.isEmpty() && c.size() <= size));
        assertEquals(ids, chunks.stream().flatMap(List::stream).toList());
    }

    @ParameterizedTest(name = "{0} cleans {1}: project {2}/{3} by {4}/{5} deleted {6}: {7}")
    @CsvSource(nullValues = "-", value = {
            "ann, user, ws, user, ann, acme, false, true",
            "ann, user, ws, user, ann, acme, true, false", // deleted meanwhile
            "ann, user, other, user, ann, acme, false, false", // moved? another workspace
            "ann, user, ws, organization, ann, acme, false, false", // another scope
            "bob, user, ws, user, ann, acme, false, false", // someone else's
            "lone, user, ws, user, ann, acme, false, false", // same name, other organization
            "lone, user, ws, user, ann, -, false, true",
            "bob, organization, ws, organization, ann, acme, false, true", // the organization's
            "eve, organization, ws, organization, ann, acme, false, false",
            "lone, organization, ws, organization, ann, -, false, false"})
    void cleanupDeletesOnlyWhatStillMatches(String who, String scope, String headWs, String headScope, String author,
            String org, boolean deleted, boolean expected) {
        StreamHead head = new StreamHead("p1", 3, headWs, headScope, author, org, deleted, null, null);
        assertEquals(expected, ProjectDecisions.cleanupDeletes(head, caller(who), "ws", Scope.parse(scope, "s")));
    }

    // ---- the gate: owners at home, everyone else by share

    @ParameterizedTest(name = "{0} needs {1} on {2}/{3} naming {4}/{5}: {6}")
    @CsvSource(nullValues = "-", value = {
            // caller, need, head ws, head scope, request ws, request scope, owner / share / refusal code
            "ann, READ, ws, user, ws, user, owner",
            "ann, READ, ws, user, ws, -, owner", // no scope named: any
            "ann, WRITE, ws, user, ws, user, owner",
            "ann, DELETE, ws, user, ws, user, owner",
            "ann, SHARE, ws, user, ws, user, owner",
            "bob, READ, ws, organization, ws, organization, owner",
            "bob, DELETE, ws, organization, ws, organization, owner",
            "bob, SHARE, ws, organization, ws, organization, owner_only_share", // a member, not the author
            "ann, SHARE, ws, organization, ws, organization, owner",
            "ann, READ, ws, user, other, user, share", // another workspace: only a share lets in
            "ann, READ, ws, user, ws, organization, share",
            "bob, READ, ws, user, ws, user, share",
            "eve, WRITE, ws, organization, ws, organization, share"})
    void theGateLetsOwnersInAtHome(String who, ProjectAccess.Need need, String headWs, String headScope, String ws,
            String scope, String expected) {
        StreamHead head = head(headWs, headScope, false);
        Scope requested = scope == null ? null : Scope.parse(scope, "s");
        switch (expected) {
            case "owner" -> assertTrue(ProjectAccess.ownerMay(head, caller(who), "p1", ws, requested, need));
            case "share" -> assertFalse(ProjectAccess.ownerMay(head, caller(who), "p1", ws, requested, need));
            default -> refused(Refusal.Kind.FORBIDDEN, expected,
                    () -> ProjectAccess.ownerMay(head, caller(who), "p1", ws, requested, need));
        }
    }

    @ParameterizedTest
    @CsvSource({"READ", "WRITE", "DELETE", "SHARE"})
    void aMissingOrDeletedProjectIsNotFoundWhateverTheNeed(ProjectAccess.Need need) {
        refused(Refusal.Kind.NOT_FOUND, "project_not_found",
                () -> ProjectAccess.ownerMay(null, ANN, "p1", "ws", Scope.USER, need));
        refused(Refusal.Kind.NOT_FOUND, "project_not_found",
                () -> ProjectAccess.ownerMay(head("ws", "user", true), ANN, "p1", "ws", Scope.USER, need));
    }

    @ParameterizedTest(name = "an {0} share for {1}: {2}")
    @CsvSource({"editor, READ, allowed", "editor, WRITE, allowed", "editor, DELETE, owner_only_delete",
            "editor, SHARE, owner_only_share", "viewer, READ, allowed", "viewer, WRITE, viewer_read_only",
            "viewer, DELETE, owner_only_delete", "viewer, SHARE, owner_only_share"})
    void aShareAllowsByItsRole(String role, ProjectAccess.Need need, String expected) {
        ShareGrant share = () -> role.equals("editor");
        if (expected.equals("allowed")) {
            assertSame(share, ProjectAccess.allow(share, need, "p1"));
        } else {
            refused(Refusal.Kind.FORBIDDEN, expected, () -> ProjectAccess.allow(share, need, "p1"));
        }
    }

    @Test
    void organizationScopeNeedsAnOrganizationClaim() {
        ProjectAccess.requireOrganization(LONE, Scope.USER);
        ProjectAccess.requireOrganization(ANN, Scope.ORGANIZATION);
        refused(Refusal.Kind.FORBIDDEN, "organization_claim_missing",
                () -> ProjectAccess.requireOrganization(LONE, Scope.ORGANIZATION));
    }
}
