package io.projectservice.projects;

import static io.projectservice.support.Events.at;
import static io.projectservice.support.Events.event;
import static io.projectservice.support.Events.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.projectservice.eventstore.RecordedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fold, without a database: each event type applied to a known state gives the state written
 * down here; payloads missing optional fields, and types this version does not know, still fold.
 */
class ProjectStateTest {
    /** What a restore replaces: the fields of {@link ProjectState#content()}. */
    private static final List<String> CONTENT_FIELDS =
            List.of("name", "description", "metadata", "ontology", "concepts", "files", "tables");
    private static final String CONTENT = """
            {"name": "Supplier risk", "description": "Tier-2 exposure", "metadata": {"owner": "risk", "n": 2},
             "ontology": {"nodes": [{"id": "supplier", "label": "Supplier", "properties": {"country": "string"}}],
                          "edges": [{"source": "supplier", "target": "part", "label": "supplies"}]},
             "concepts": [{"name": "high_risk", "concept_type": "rule", "definition": "score > 0.8"}],
             "files": [{"name": "s.csv", "content_type": "text/csv", "size": 12, "sha256": "ab"}],
             "tables": [{"name": "s", "columns": [{"name": "id", "type": "integer"}], "row_count": 1,
                         "sample_rows": [{"id": 1}]}]}""";
    private static final String CREATED = "{\"id\": \"p1\", \"workspace_id\": \"ws\", \"scope\": \"organization\","
            + " \"author\": \"ann\", \"organization\": \"acme\", \"content\": " + CONTENT + "}";

    private static ProjectState created() {
        return ProjectState.fold(null, List.of(event("p1", 1, ProjectEvents.CREATED, CREATED)));
    }

    @ParameterizedTest
    @ValueSource(strings = {ProjectEvents.CREATED, ProjectEvents.COPIED, ProjectEvents.IMPORTED})
    void aCreationSetsTheAttributesAndTheWholeContent(String type) {
        ProjectState s = ProjectState.fold(null, List.of(event("p1", 1, type, CREATED)));
        assertEquals("p1", s.id);
        assertEquals("ws", s.workspaceId);
        assertEquals("organization", s.scope);
        assertEquals("ann", s.author);
        assertEquals("acme", s.organization);
        assertEquals("Supplier risk", s.name);
        assertEquals("Tier-2 exposure", s.description);
        assertEquals(json("{\"owner\": \"risk\", \"n\": 2}"), s.metadata);
        assertEquals(json(CONTENT).get("ontology"), s.ontology);
        assertEquals(json(CONTENT).get("concepts"), s.concepts);
        assertEquals(json(CONTENT).get("files"), s.files);
        assertEquals(json(CONTENT).get("tables"), s.tables);
        assertEquals(1, s.version);
        assertEquals(at(1), s.createdAt);
        assertEquals(at(1), s.updatedAt);
        assertFalse(s.deleted);
        assertNull(s.origin, "no source, no origin");
        assertEquals(0, s.snapshots.size());
    }

    @Test
    void theOriginOfACopyOrATemplateNamesItsSourceAndTheEvent() {
        ProjectState copy = ProjectState.fold(null, List.of(event("p2", 1, ProjectEvents.COPIED,
                "{\"id\": \"p2\", \"scope\": \"user\", \"author\": \"bob\", \"content\": {\"name\": \"C\"},"
                        + " \"source\": {\"project_id\": \"p1\", \"version\": 4}}")));
        assertEquals(json("{\"project_id\": \"p1\", \"version\": 4, \"event\": \"ProjectCopied\"}"), copy.origin);
        ProjectState fromTemplate = ProjectState.fold(null, List.of(event("p3", 1, ProjectEvents.CREATED,
                "{\"id\": \"p3\", \"content\": {\"name\": \"T\"}, \"origin\": {\"template_id\": \"builtin.x\"}}")));
        assertEquals(json("{\"template_id\": \"builtin.x\", \"event\": \"ProjectCreated\"}"), fromTemplate.origin);
    }

    /** Each case: a payload on top of {@link #created()} and the one thing it changes, read back. */
    static Stream<Arguments> eachEventType() {
        return Stream.of(
                Arguments.of(ProjectEvents.UPDATED, "{\"changes\": {\"name\": \"Renamed\"}}", "name=Renamed"),
                Arguments.of(ProjectEvents.UPDATED, "{\"changes\": {\"description\": null}}", "description=null"),
                Arguments.of(ProjectEvents.UPDATED, "{\"changes\": {\"metadata\": {\"k\": 1}}}", "metadata={\"k\":1}"),
                Arguments.of(ProjectEvents.UPDATED, "{\"changes\": {\"concepts\": []}}", "concepts=[]"),
                Arguments.of(ProjectEvents.UPDATED, "{\"changes\": {\"files\": [{\"name\": \"f\"}]}}",
                        "files=[{\"name\":\"f\"}]"),
                Arguments.of(ProjectEvents.UPDATED, "{\"changes\": {\"tables\": []}}", "tables=[]"),
                Arguments.of(ProjectEvents.UPDATED, "{\"changes\": {\"ontology\": {\"nodes\": [{\"id\": \"n\"}]}}}",
                        "ontology={\"nodes\":[{\"id\":\"n\"}],\"edges\":[]}"),
                Arguments.of(ProjectEvents.CONTEXT_ANALYZED, "{\"changes\": {\"description\": \"From files\"}}",
                        "description=From files"),
                Arguments.of(ProjectEvents.RESTORED, "{\"snapshot_id\": \"s1\", \"restored_from_version\": 1,"
                        + " \"content\": {\"name\": \"Back\"}}", "name=Back"),
                Arguments.of(ProjectEvents.SNAPSHOT_CREATED, "{\"snapshot_id\": \"s1\", \"version\": 1,"
                        + " \"description\": \"before\"}", "snapshots=[{\"snapshot_id\":\"s1\",\"version\":1,"
                        + "\"description\":\"before\",\"created_at\":\"2026-01-01T09:02:00.000000+00:00\"}]"),
                Arguments.of(ProjectEvents.DELETED, "{\"reason\": \"cleanup\"}", "deleted=true"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("eachEventType")
    void eachEventTypeChangesWhatItSaysAndNothingElse(String type, String data, String expected) {
        ProjectState s = created();
        String field = expected.substring(0, expected.indexOf('='));
        String value = expected.substring(expected.indexOf('=') + 1);
        s.apply(event("p1", 2, type, data));
        assertEquals(value, read(s, field), field + " after " + type);
        assertEquals(2, s.version);
        assertEquals(at(2), s.updatedAt);
        assertEquals(at(1), s.createdAt, "only a creation sets created_at");
        // every other field is as the creation left it (a restore resets the content it does not carry)
        ProjectState before = created();
        for (String other : List.of("id", "workspace_id", "scope", "author", "organization", "name", "description",
                "metadata", "ontology", "concepts", "files", "tables", "snapshots", "deleted")) {
            if (other.equals(field) || (type.equals(ProjectEvents.RESTORED) && CONTENT_FIELDS.contains(other))) {
                continue;
            }
            assertEquals(read(before, other), read(s, other), other + " after " + type);
        }
    }

    @Test
    void aRestoreReplacesTheWholeContentWithWhatItCarries() {
        ProjectState s = created();
        s.apply(event("p1", 2, ProjectEvents.RESTORED, "{\"snapshot_id\": \"s1\", \"restored_from_version\": 1,"
                + " \"content\": {\"name\": \"Back\", \"concepts\": [{\"name\": \"c\"}]}}"));
        assertEquals("Back", s.name);
        assertNull(s.description);
        assertEquals(json("{}"), s.metadata);
        assertEquals(json("{\"nodes\": [], \"edges\": []}"), s.ontology);
        assertEquals(json("{\"a\": [{\"name\": \"c\"}]}").get("a"), s.concepts);
        assertEquals(0, s.files.size());
        assertEquals(0, s.tables.size());
        assertEquals("p1", s.id, "the attributes stay");
        assertEquals("organization", s.scope);
    }

    @Test
    void snapshotsAreKeptInOrderAndADeletionRemovesOnlyItsOwn() {
        List<RecordedEvent> events = new ArrayList<>(List.of(event("p1", 1, ProjectEvents.CREATED, CREATED)));
        events.add(event("p1", 2, ProjectEvents.SNAPSHOT_CREATED, "{\"snapshot_id\": \"a\", \"version\": 1}"));
        events.add(event("p1", 3, ProjectEvents.SNAPSHOT_CREATED,
                "{\"snapshot_id\": \"b\", \"version\": 2, \"description\": \"second\"}"));
        events.add(event("p1", 4, ProjectEvents.SNAPSHOT_CREATED, "{\"snapshot_id\": \"c\", \"version\": 3}"));
        events.add(event("p1", 5, ProjectEvents.SNAPSHOT_DELETED, "{\"snapshot_id\": \"b\"}"));
        events.add(event("p1", 6, ProjectEvents.SNAPSHOT_DELETED, "{\"snapshot_id\": \"never-was\"}"));
        ProjectState s = ProjectState.fold(null, events);
        assertEquals("[a, c]", ids(s));
        assertEquals(1, s.snapshot("a").get("version").asInt());
        assertTrue(s.snapshot("a").get("description").isNull());
        assertEquals("2026-01-01T09:04:00.000000+00:00", s.snapshot("c").get("created_at").asText());
        assertNull(s.snapshot("b"));
        assertEquals(6, s.version);
        assertEquals(json(CONTENT).get("concepts"), s.concepts, "snapshots copy and change no content");
    }

    @Test
    void aDeletedProjectKeepsItsContent() {
        ProjectState s = created();
        s.apply(event("p1", 2, ProjectEvents.DELETED, "{}"));
        assertTrue(s.deleted);
        assertEquals("Supplier risk", s.name);
        assertEquals(2, s.version);
    }

    /** Older payloads, and ones written by hand, lack optional fields: the fold takes defaults. */
    @Test
    void missingFieldsFoldToDefaults() {
        ProjectState bare = ProjectState.fold(null, List.of(event("bare", 1, ProjectEvents.IMPORTED, "{}")));
        assertEquals("bare", bare.id, "no id: the stream's");
        assertNull(bare.name);
        assertNull(bare.scope);
        assertNull(bare.organization);
        assertEquals(json("{}"), bare.metadata);
        assertEquals(json("{\"nodes\": [], \"edges\": []}"), bare.ontology);
        assertEquals(0, bare.concepts.size());

        ProjectState s = created();
        s.apply(event("p1", 2, ProjectEvents.UPDATED, "{}"));
        s.apply(event("p1", 3, ProjectEvents.UPDATED, "{\"changes\": \"not an object\"}"));
        s.apply(event("p1", 4, ProjectEvents.UPDATED, "{\"changes\": {\"metadata\": [1], \"concepts\": {}}}"));
        s.apply(event("p1", 5, ProjectEvents.UPDATED, "{\"changes\": {\"ontology\": {\"edges\": []}}}"));
        assertEquals("Supplier risk", s.name);
        assertEquals(json("{\"owner\": \"risk\", \"n\": 2}"), s.metadata, "a non-object metadata is ignored");
        assertEquals(json(CONTENT).get("concepts"), s.concepts, "a non-list concepts is ignored");
        assertEquals(json("{\"nodes\": [], \"edges\": []}"), s.ontology, "an ontology without nodes has none");
        assertEquals(5, s.version);

        s.apply(event("p1", 6, ProjectEvents.SNAPSHOT_CREATED, "{\"snapshot_id\": \"x\"}"));
        assertEquals(0, s.snapshot("x").get("version").asInt());
    }

    @Test
    void typesThisVersionDoesNotKnowOnlyMoveTheVersion() {
        ProjectState s = created();
        s.apply(event("p1", 2, "ProjectArchived", "{\"changes\": {\"name\": \"Archived\"}}"));
        assertEquals("Supplier risk", s.name);
        assertFalse(s.deleted);
        assertEquals(2, s.version);
        assertEquals(at(2), s.updatedAt);
    }

    @Test
    void foldingInPartsEqualsFoldingAtOnce() throws Exception {
        List<RecordedEvent> events = List.of(event("p1", 1, ProjectEvents.CREATED, CREATED),
                event("p1", 2, ProjectEvents.UPDATED, "{\"changes\": {\"name\": \"Two\"}}"),
                event("p1", 3, ProjectEvents.SNAPSHOT_CREATED, "{\"snapshot_id\": \"s\", \"version\": 2}"),
                event("p1", 4, ProjectEvents.RESTORED, "{\"content\": {\"name\": \"One\"}}"));
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());
        ProjectState whole = ProjectState.fold(null, events);
        // the first part goes through JSON, as a state snapshot does
        ProjectState part = mapper.readValue(mapper.writeValueAsString(ProjectState.fold(null, events.subList(0, 2))),
                ProjectState.class);
        ProjectState resumed = ProjectState.fold(part, events.subList(2, 4));
        assertEquals(mapper.valueToTree(whole), (JsonNode) mapper.valueToTree(resumed));
        assertEquals("One", resumed.name);
        assertEquals("[s]", ids(resumed));
        assertEquals(4, resumed.version);
    }

    private static String ids(ProjectState s) {
        List<String> ids = new ArrayList<>();
        s.snapshots.forEach(n -> ids.add(n.get("snapshot_id").asText()));
        return ids.toString();
    }

    private static String read(ProjectState s, String field) {
        Object v = switch (field) {
            case "id" -> s.id;
            case "workspace_id" -> s.workspaceId;
            case "scope" -> s.scope;
            case "author" -> s.author;
            case "organization" -> s.organization;
            case "name" -> s.name;
            case "description" -> s.description;
            case "metadata" -> s.metadata;
            case "ontology" -> s.ontology;
            case "concepts" -> s.concepts;
            case "files" -> s.files;
            case "tables" -> s.tables;
            case "snapshots" -> s.snapshots;
            case "deleted" -> s.deleted;
            default -> throw new IllegalArgumentException(field);
        };
        return String.valueOf(v);
    }
}
