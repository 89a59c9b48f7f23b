package io.projectservice.api;

import static io.projectservice.support.CurrentSdk.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.projectservice.support.CurrentSdk;
import io.projectservice.support.CurrentSdk.Answer;
import io.projectservice.support.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The platform's current Python SDK pointed at this service: every call of its ontology module,
 * in the order a new user makes them, exactly as {@code JarvisPyClient} sends them (see
 * {@link CurrentSdk}), through the hosted prefix the SDK's {@code JARVISPY_URL} names.
 */
@QuarkusTest
class CurrentClientTest {
    @TestHTTPResource("/")
    URL root;

    private CurrentSdk sdk(String user, String org) {
        return new CurrentSdk(root + "jarvispy/" + org + "/" + user, Tokens.of(user, org), null);
    }

    private static JsonNode ok(Answer answer, String what) {
        assertEquals(200, answer.status(), what + ": " + answer.body());
        assertEquals("success", answer.body().path("status").asText(), what);
        return answer.data();
    }

    @Test
    void theOntologyModuleWorksAsTheSdkCallsIt() {
        CurrentSdk ann = sdk("cc-ann", "acme");

        // save_ontology(None, name, description) reads data.ontology_id
        JsonNode saved = ok(ann.post("/api/v1/ontologies/save",
                object("project", object("id", null, "name", "Supply Chain", "description", "Suppliers and parts"))),
                "save");
        String id = saved.path("ontology_id").asText();
        assertTrue(id.matches("[0-9a-f]{11}"), saved.toString());
        assertEquals(id, saved.path("project_id").asText());
        assertEquals(1, saved.path("version").asInt());
        // a second save of the same id, with the SDK's null description left out
        JsonNode again = ok(ann.post("/api/v1/ontologies/save", object("project", object("id", id, "name", "Supply"))),
                "update");
        assertEquals(id, again.path("ontology_id").asText());
        assertEquals(2, again.path("version").asInt());

        JsonNode listed = ok(ann.get("/api/v1/ontologies/list", null), "list");
        assertTrue(ids(listed).contains(id), listed.toString());
        JsonNode loaded = ok(ann.get("/api/v1/ontologies/load", Map.of("project_id", id)), "load");
        assertEquals("Supply", loaded.path("name").asText());
        assertEquals("Suppliers and parts", loaded.path("description").asText());

        // copy_ontology(id, new_ontology_name=None) sends the null
        JsonNode copied = ok(ann.post("/api/v1/ontologies/copy", object("project_id", id, "new_project_name", null)),
                "copy");
        String copyId = copied.path("new_project_id").asText();
        assertEquals("Supply (copy)",
                ok(ann.get("/api/v1/ontologies/load", Map.of("project_id", copyId)), "load copy").path("name").asText());

        JsonNode bundle = ok(ann.post("/api/v1/ontologies/export-ontology", object("project_id", id)), "export");
        assertEquals(id, bundle.path("project_id").asText());
        JsonNode imported = ok(ann.post("/api/v1/ontologies/import-ontology",
                object("export_data", bundle, "force_new_id", true)), "import");
        String importedId = imported.path("new_project_id").asText();
        assertNotEquals(id, importedId);
        assertTrue(imported.path("summary").path("tables_created").asInt() > 0, imported.toString());
        assertTrue(imported.path("summary").path("rows_inserted").asInt() > 0, imported.toString());

        JsonNode workspace = ok(ann.post("/api/v1/ontologies/export-workspace", object()), "export-workspace");
        assertTrue(workspace.path("projects").has(id), workspace.path("summary").toString());
        CurrentSdk mover = sdk("cc-mover", "acme");
        JsonNode moved = ok(mover.post("/api/v1/ontologies/import-workspace", object("export_data", workspace)),
                "import-workspace");
        assertEquals(3, moved.path("projects_imported").size(), moved.toString());

        JsonNode templates = ok(ann.get("/api/v1/ontologies/list-templates", null), "list-templates");
        String templateId = templates.get(0).path("id").asText();
        JsonNode fromTemplate = ok(ann.post("/api/v1/ontologies/import-template", object("template_id", templateId)),
                "import-template");
        assertFalse(fromTemplate.path("id").asText().isEmpty(), fromTemplate.toString());

        // create_ontology_from_context(context, concept_names=None, file_paths=[...])
        JsonNode created = ok(ann.multipart("/api/v1/ontologies/create-from-context",
                Map.of("context", "Suppliers make parts; factories consume parts.", "concept_names", "[]"),
                Map.of("parts.csv", "part_id,supplier,weight\n1,Acme,2.5\n2,Globex,1.25\n"
                        .getBytes(StandardCharsets.UTF_8))), "create-from-context");
        String fromContext = created.path("project_id").asText();
        assertEquals(1, created.path("tables").size(), created.toString());
        ok(ann.get("/api/v1/ontologies/load", Map.of("project_id", fromContext)), "load the created");

        JsonNode snapshot = ok(ann.post("/api/v1/ontologies/snapshots/create",
                object("project_id", id, "description", "before the change")), "snapshot create");
        String snapshotId = snapshot.path("snapshot_id").asText();
        JsonNode snapshots = ok(ann.get("/api/v1/ontologies/snapshots/list", Map.of("project_id", id)),
                "snapshot list");
        assertEquals(snapshotId, snapshots.get(0).path("snapshot_id").asText());
        JsonNode restored = ok(ann.post("/api/v1/ontologies/snapshots/restore",
                object("snapshot_id", snapshotId, "project_id", id, "create_safety_snapshot", true)), "restore");
        assertEquals(snapshotId, restored.path("restored_from").asText());
        assertFalse(restored.path("safety_snapshot_id").asText().isEmpty(), restored.toString());
        assertTrue(ann.post("/api/v1/ontologies/snapshots/delete", object("snapshot_id", snapshotId,
                "project_id", id)).body().path("data").isNull());

        // cleanup_ontologies(id)
        ok(ann.post("/api/v1/ontologies/cleanup", object("project", object("id", copyId))), "cleanup");
        assertEquals(404, ann.get("/api/v1/ontologies/load", Map.of("project_id", copyId)).status());

        sharing(ann, id);
    }

    /** The sharing module, owner and recipients in other organizations, recipients with their Supabase session. */
    private void sharing(CurrentSdk ann, String id) {
        CurrentSdk bea = recipient("cc-bea", "globex", "sub-cc-bea", "Bea@Globex.example");
        // create_share(id, {"username", "organization"}, "viewer"): no expires_in_minutes when None
        JsonNode share = ok(ann.post("/api/v1/ontologies/share", object("project_id", id,
                "recipient", object("username", "cc-bea", "organization", "globex"), "share_role", "viewer")), "share");
        String shareId = share.path("share_id").asText();
        assertEquals("pending", share.path("status").asText());
        assertEquals("viewer", share.path("share_role").asText());
        assertTrue(share.path("expires_at").isNull(), share.toString());

        JsonNode inbox = ok(bea.get("/api/v1/ontologies/share/inbox", null), "inbox");
        JsonNode entry = find(inbox, shareId);
        assertEquals(id, entry.path("project_id").asText());
        assertEquals("cc-ann", entry.path("sharer").path("username").asText());
        assertFalse(entry.path("has_local_token").asBoolean());
        assertEquals(404, bea.get("/api/v1/ontologies/load", Map.of("project_id", id)).status(), "not accepted yet");

        assertEquals("accepted", ok(bea.post("/api/v1/ontologies/share/accept", object("share_id", shareId)),
                "accept").path("status").asText());
        assertTrue(find(ok(bea.get("/api/v1/ontologies/share/inbox", null), "inbox after accepting"), shareId)
                .path("has_local_token").asBoolean());
        JsonNode seen = ok(bea.get("/api/v1/ontologies/load", Map.of("project_id", id)), "load by the viewer");
        assertEquals("Supply", seen.path("name").asText());
        Answer refused = bea.post("/api/v1/ontologies/save", object("project", object("id", id, "name", "Mine now")));
        assertEquals(403, refused.status(), refused.body().toString());
        assertTrue(refused.body().path("data").isNull());

        JsonNode promoted = ok(ann.post("/api/v1/ontologies/share/update-role",
                object("share_id", shareId, "share_role", "editor")), "update-role");
        assertTrue(promoted.path("changed").asBoolean());
        assertFalse(ok(ann.post("/api/v1/ontologies/share/update-role",
                object("share_id", shareId, "share_role", "editor")), "update-role again").path("changed").asBoolean());

        JsonNode edited = ok(bea.post("/api/v1/ontologies/save",
                object("project", object("id", id, "name", "Supply (edited by Bea)"))), "save by the editor");
        assertEquals(id, edited.path("ontology_id").asText());
        assertEquals("Supply (edited by Bea)",
                ok(ann.get("/api/v1/ontologies/load", Map.of("project_id", id)), "owner sees it").path("name").asText());
        JsonNode listed = ok(bea.get("/api/v1/ontologies/list", Map.of("scopes", "user,shared")), "list shared");
        JsonNode item = findBy(listed, "id", id);
        assertEquals("editor", item.path("shared").path("share_role").asText(), listed.toString());
        Answer cleanup = bea.post("/api/v1/ontologies/cleanup", object("project", object("id", id)));
        assertEquals(403, cleanup.status(), cleanup.body().toString());

        JsonNode outbox = ok(ann.get("/api/v1/ontologies/share/list", Map.of()), "outbox");
        JsonNode sent = find(outbox, shareId);
        assertEquals("accepted", sent.path("status").asText());
        assertEquals("editor", sent.path("share_role").asText());
        assertEquals("cc-bea", sent.path("recipient").path("username").asText());

        for (int i = 0; i < 2; i++) {
            assertEquals("revoked", ok(ann.post("/api/v1/ontologies/share/revoke", object("share_id", shareId)),
                    "revoke " + (i + 1)).path("status").asText());
        }
        assertEquals(404, bea.get("/api/v1/ontologies/load", Map.of("project_id", id)).status(), "revoked");
        JsonNode synced = ok(bea.post("/api/v1/ontologies/share/sync", null), "sync");
        assertEquals(1, synced.path("pruned").asInt(), synced.toString());
        assertEquals(0, synced.path("active").asInt(), synced.toString());

        // a second recipient, named by email, leaves
        CurrentSdk cal = recipient("cc-cal", "initech", "sub-cc-cal", "cal@initech.example");
        String second = ok(ann.post("/api/v1/ontologies/share", object("project_id", id,
                "recipient", object("email", "Cal@Initech.example"), "share_role", "viewer",
                "expires_in_minutes", 60)), "share by email").path("share_id").asText();
        ok(cal.post("/api/v1/ontologies/share/accept", object("share_id", second)), "accept by cal");
        ok(cal.get("/api/v1/ontologies/load", Map.of("project_id", id)), "load by cal");
        for (int i = 0; i < 2; i++) {
            assertEquals("left", ok(cal.post("/api/v1/ontologies/share/leave", object("share_id", second)),
                    "leave " + (i + 1)).path("status").asText());
        }
        assertEquals(404, cal.get("/api/v1/ontologies/load", Map.of("project_id", id)).status(), "left");
    }

    private CurrentSdk recipient(String user, String org, String sub, String email) {
        String token = Tokens.withClaims(Map.of("upn", user, "organization", org, "sub", sub, "email", email,
                "groups", List.of("user")));
        return new CurrentSdk(root + "jarvispy/" + org + "/" + user, token, "supabase-session-of-" + user);
    }

    private static JsonNode find(JsonNode items, String shareId) {
        return findBy(items, "share_id", shareId);
    }

    private static JsonNode findBy(JsonNode items, String field, String value) {
        for (JsonNode item : items) {
            if (value.equals(item.path(field).asText())) {
                return item;
            }
        }
        throw new AssertionError("no item with " + field + " " + value + " in " + items);
    }

    private static List<String> ids(JsonNode items) {
        List<String> ids = new ArrayList<>();
        items.forEach(item -> ids.add(item.path("id").asText()));
        return ids;
    }
}
