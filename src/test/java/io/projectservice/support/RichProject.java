package io.projectservice.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

/**
 * A project with something in every part, written down once: the export bundle that puts it in,
 * and what {@code load} and {@code export-project} must then answer, field by field. Tests compare
 * with these values, never with another answer of the service.
 */
public final class RichProject {
    public static final String NAME = "Supplier risk";
    public static final String DESCRIPTION = "Tier-2 exposure, \"quoted\" and ünïcode";
    public static final Map<String, Object> METADATA = Map.of("owner", "risk", "priority", 2,
            "tags", List.of("a", "b"), "nested", Map.of("deep", true, "none", Map.of()));
    public static final List<Map<String, Object>> CONCEPTS = List.of(
            Map.of("name", "high_risk_supplier", "concept_type", "rule", "description", "A supplier to watch",
                    "definition", "high_risk_supplier(S) :- supplier(S), score(S, X), X > 0.8.",
                    "fields", Map.of("score", "decimal")),
            Map.of("name", "supplier", "concept_type", "entity"));
    public static final List<Map<String, Object>> NODES = List.of(
            Map.of("id", "supplier", "label", "Supplier", "description", "Sells parts",
                    "properties", Map.of("country", "string", "score", "decimal")),
            Map.of("id", "part", "label", "Part", "properties", Map.of()));
    public static final List<Map<String, Object>> EDGES = List.of(
            Map.of("source", "supplier", "target", "part", "label", "supplies"),
            Map.of("source", "part", "target", "part", "label", "contains"));
    public static final List<Map<String, Object>> FILES = List.of(
            Map.of("name", "suppliers.csv", "content_type", "text/csv", "size", 120, "sha256", "ab".repeat(32)),
            Map.of("name", "notes.txt", "content_type", "text/plain", "size", 7, "sha256", "cd".repeat(32)));
    public static final List<Map<String, Object>> TABLES = List.of(Map.of("name", "suppliers",
            "columns", List.of(Map.of("name", "id", "type", "integer"), Map.of("name", "country", "type", "string"),
                    Map.of("name", "score", "type", "decimal")),
            "row_count", 2,
            "sample_rows", List.of(Map.of("id", 1, "country", "DE", "score", 0.91),
                    Map.of("id", 2, "country", "FR", "score", 0.12))));

    private RichProject() {
    }

    /** The export bundle of this project, under {@code id}, with a history of {@code events} rows. */
    public static Map<String, Object> bundle(String id) {
        return Map.of("format", "projects-export", "format_version", 1, "project_id", id, "tables", Map.of(
                "project", Projects.table(List.of(Map.of("id", id, "name", NAME, "description", DESCRIPTION,
                        "metadata", METADATA, "workspace_id", "elsewhere"))),
                "concepts", Projects.table(CONCEPTS),
                "ontology_nodes", Projects.table(NODES),
                "ontology_edges", Projects.table(EDGES),
                "files", Projects.table(FILES),
                "data_tables", Projects.table(TABLES),
                "events", Projects.table(List.of(Map.of("version", 1, "type", "ProjectCreated"),
                        Map.of("version", 2, "type", "ProjectUpdated")))));
    }

    /** Fails unless {@code loaded} (load's data) holds exactly this project's content. */
    public static void assertContent(Map<String, Object> loaded, String what) {
        assertEquals(NAME, loaded.get("name"), what + ": name");
        assertEquals(DESCRIPTION, loaded.get("description"), what + ": description");
        assertEquals(METADATA, loaded.get("metadata"), what + ": metadata");
        assertEquals(Map.of("nodes", NODES, "edges", EDGES), loaded.get("ontology"), what + ": ontology");
        assertEquals(CONCEPTS, loaded.get("concepts"), what + ": concepts");
        assertEquals(FILES, loaded.get("files"), what + ": files");
        assertEquals(TABLES, loaded.get("tables"), what + ": tables");
    }

    /** Fails unless {@code tables} (an export's) holds exactly this project's content in its tables. */
    @SuppressWarnings("unchecked")
    public static void assertExportedTables(Map<String, Object> tables, String what) {
        Map<String, Object> project = ((List<Map<String, Object>>) ((Map<String, Object>) tables.get("project"))
                .get("data")).get(0);
        assertEquals(NAME, project.get("name"), what);
        assertEquals(DESCRIPTION, project.get("description"), what);
        assertEquals(METADATA, project.get("metadata"), what);
        assertEquals(CONCEPTS, rows(tables, "concepts"), what + ": concepts");
        assertEquals(NODES, rows(tables, "ontology_nodes"), what + ": ontology_nodes");
        assertEquals(EDGES, rows(tables, "ontology_edges"), what + ": ontology_edges");
        assertEquals(FILES, rows(tables, "files"), what + ": files");
        assertEquals(TABLES, rows(tables, "data_tables"), what + ": data_tables");
        for (String t : List.of("concepts", "ontology_nodes", "ontology_edges", "files", "data_tables")) {
            assertEquals(rows(tables, t).size(), ((Map<String, Object>) tables.get(t)).get("row_count"), t);
        }
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> rows(Map<String, Object> tables, String table) {
        return (List<Map<String, Object>>) ((Map<String, Object>) tables.get(table)).get("data");
    }
}
