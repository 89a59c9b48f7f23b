package io.projectservice.projects;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.projectservice.errors.Refusal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The platform's own single-project export: tables named by prefix, rows as the platform stores
 * them. {@code projects_<workspace>} holds the project row, {@code concepts_<project>} the
 * concepts ({@code predicate_name}, {@code definition} or {@code rules}, ...), and
 * {@code ontology_<project>} / {@code ontology_schema_<project>} one row whose
 * {@code ontology_data} / {@code ontology_schema_data} holds {@code {nodes, edges}}. JSON columns
 * may arrive as JSON text, as a SQL export writes them. Tables of any other kind are reported
 * back as unknown, never fatal.
 */
final class PlatformExports {
    static final String FORMAT = "platform-export";
    private static final String PROJECTS = "projects_";
    private static final String CONCEPTS = "concepts_";
    private static final String ONTOLOGY = "ontology_";
    private static final String ONTOLOGY_SCHEMA = "ontology_schema_";
    /** Concept columns mapped to the service's names; any other column is kept as it is. */
    private static final Set<String> CONCEPT_MAPPED = Set.of("predicate_name", "name", "concept_type", "description",
            "definition", "rules", "fields");
    /**
     * JSON written as text inside a bundle is parsed here, after the body's own limits were
     * checked: a bundle's JSON text may hold this many tokens in all, so strings cannot smuggle a
     * tree many times the size of the body (each JSON token costs about 48 bytes of tree).
     */
    static final long MAX_JSON_TEXT_TOKENS = 250_000;
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build()).build());
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private PlatformExports() {
    }

    /** No {@code project} table, but a {@code projects_<workspace>} one. */
    static boolean isPlatformExport(ObjectNode bundle, ObjectNode tables) {
        if (tables.has("project") || ExportBundles.FORMAT.equals(bundle.path("format").asText())) {
            return false;
        }
        List<String> names = new ArrayList<>();
        tables.fieldNames().forEachRemaining(names::add);
        return names.stream().anyMatch(n -> n.startsWith(PROJECTS));
    }

    static ExportBundles.Parsed parse(ObjectNode bundle, ObjectNode tables) {
        JsonText text = new JsonText();
        List<String> projectTables = new ArrayList<>();
        List<String> conceptTables = new ArrayList<>();
        List<String> ontologyTables = new ArrayList<>();
        List<String> schemaTables = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        tables.fieldNames().forEachRemaining(name -> {
            if (name.startsWith(PROJECTS)) {
                projectTables.add(name);
            } else if (name.startsWith(CONCEPTS)) {
                conceptTables.add(name);
            } else if (name.startsWith(ONTOLOGY_SCHEMA)) {
                schemaTables.add(name);
            } else if (name.startsWith(ONTOLOGY)) {
                ontologyTables.add(name);
            } else {
                unknown.add(name);
            }
        });
        int rows = 0;
        String wantedId = bundle.path("project_id").asText(null);
        List<Row> candidates = new ArrayList<>();
        for (String t : projectTables) {
            ArrayNode data = ExportBundles.objects(ExportBundles.rows(tables, t, false), t);
            rows += data.size();
            data.forEach(r -> candidates.add(new Row(t, (ObjectNode) r)));
        }
        Row chosen = candidates.stream().filter(r -> wantedId != null
                && wantedId.equals(r.data().path("project_id").asText(null))).findFirst()
                .orElse(candidates.size() == 1 ? candidates.get(0) : null);
        if (chosen == null) {
            throw Refusal.unprocessable("import_project_missing",
                    "export_data has " + candidates.size() + " project rows in "
                    + String.join(", ", projectTables) + " and none is project '" + wantedId + "'");
        }
        ObjectNode project = chosen.data();
        String projectTable = chosen.table();
        String name = project.path("name").asText(null);
        if (name == null || name.isBlank()) {
            throw Refusal.unprocessable("import_invalid",
                    "export_data table '" + projectTable + "' has no project name");
        }

        ObjectNode content = new ProjectState().content();
        content.put("name", name);
        content.put("description", project.path("description").isTextual()
                ? project.get("description").asText() : null);
        if (text.read(project.get("metadata")) instanceof ObjectNode m) {
            content.set("metadata", m);
        }
        ArrayNode concepts = JSON.arrayNode();
        for (String t : conceptTables) {
            ArrayNode data = ExportBundles.objects(ExportBundles.rows(tables, t, false), t);
            rows += data.size();
            data.forEach(r -> concepts.add(concept((ObjectNode) r, text)));
        }
        content.set("concepts", concepts);
        ObjectNode ontology = ontology(tables, ontologyTables, "ontology_data", text);
        ObjectNode schema = ontology(tables, schemaTables, "ontology_schema_data", text);
        rows += rowCount(tables, ontologyTables) + rowCount(tables, schemaTables);
        // the ontology itself when it has anything, else the schema it was drawn from
        content.set("ontology", ontology != null && ontology.path("nodes").size() > 0 ? ontology
                : schema != null ? schema : ontology != null ? ontology : ProjectState.emptyOntology());

        String projectId = project.path("project_id").asText(wantedId);
        ObjectNode source = JSON.objectNode().put("format", FORMAT)
                .put("project_id", projectId)
                .put("workspace_id", projectTable.substring(PROJECTS.length()))
                .put("exported_at", bundle.path("extraction_timestamp").asText(null));
        int used = projectTables.size() + conceptTables.size() + ontologyTables.size() + schemaTables.size();
        return new ExportBundles.Parsed(ProjectIds.isValid(projectId) ? projectId : null, content, source, used, rows,
                unknown);
    }

    private record Row(String table, ObjectNode data) {
    }

    /** {name, concept_type, description, definition, fields} plus the platform's other columns. */
    private static ObjectNode concept(ObjectNode row, JsonText text) {
        ObjectNode c = JSON.objectNode();
        c.put("name", row.path("predicate_name").isTextual() ? row.get("predicate_name").asText()
                : row.path("name").asText(null));
        c.put("concept_type", row.path("concept_type").asText(null));
        c.put("description", row.path("description").asText(null));
        c.put("definition", definition(row, text));
        JsonNode fields = text.read(row.get("fields"));
        if (fields != null && !fields.isNull()) {
            c.set("fields", fields);
        }
        row.fields().forEachRemaining(f -> {
            if (!CONCEPT_MAPPED.contains(f.getKey())) {
                c.set(f.getKey(), text.read(f.getValue()));
            }
        });
        return c;
    }

    /** {@code definition}, or the {@code rules} (text, or a list of rules one per line). */
    private static String definition(ObjectNode row, JsonText text) {
        if (row.path("definition").isTextual()) {
            return row.get("definition").asText();
        }
        JsonNode rules = text.read(row.get("rules"));
        if (rules instanceof ArrayNode list) {
            List<String> lines = new ArrayList<>();
            list.forEach(r -> lines.add(r.isTextual() ? r.asText() : r.toString()));
            return String.join("\n", lines);
        }
        return rules == null || rules.isNull() ? null : rules.isTextual() ? rules.asText() : rules.toString();
    }

    /** The {nodes, edges} held in a column of the first row of these tables, or null. */
    private static ObjectNode ontology(ObjectNode tables, List<String> names, String column, JsonText text) {
        for (String t : names) {
            ArrayNode data = ExportBundles.objects(ExportBundles.rows(tables, t, false), t);
            if (!data.isEmpty()) {
                JsonNode value = text.read(data.get(0).get(column));
                if (!(value instanceof ObjectNode o)) {
                    throw Refusal.unprocessable("import_invalid", "export_data table '" + t + "' has no '" + column
                            + "' object with nodes and edges");
                }
                ObjectNode out = ProjectState.emptyOntology();
                if (o.get("nodes") instanceof ArrayNode nodes) {
                    out.set("nodes", nodes);
                }
                if (o.get("edges") instanceof ArrayNode edges) {
                    out.set("edges", edges);
                }
                return out;
            }
        }
        return null;
    }

    private static int rowCount(ObjectNode tables, List<String> names) {
        int n = 0;
        for (String t : names) {
            n += ExportBundles.rows(tables, t, false).size();
        }
        return n;
    }

    /** Reads JSON text out of values, within {@link #MAX_JSON_TEXT_TOKENS} for the whole bundle. */
    private static final class JsonText {
        private long tokensLeft = MAX_JSON_TEXT_TOKENS;

        /** A value, with JSON text (an object or a list written as a string) read as JSON. */
        JsonNode read(JsonNode value) {
            if (value == null || !value.isTextual()) {
                return value;
            }
            String text = value.asText().trim();
            if (!text.startsWith("{") && !text.startsWith("[")) {
                return value;
            }
            try {
                tokensLeft -= tokens(text);
                if (tokensLeft < 0) {
                    throw Refusal.unprocessable("import_too_large",
                            "export_data holds more than " + MAX_JSON_TEXT_TOKENS
                            + " JSON tokens written as text in its columns; the limit is " + MAX_JSON_TEXT_TOKENS);
                }
                return MAPPER.readTree(text);
            } catch (JsonProcessingException e) {
                return value;
            }
        }

        /** Counted without building anything, stopping once past what is left. */
        private long tokens(String text) throws JsonProcessingException {
            long n = 0;
            try (JsonParser p = MAPPER.getFactory().createParser(text)) {
                while (p.nextToken() != null && n <= tokensLeft) {
                    n++;
                }
            } catch (JsonProcessingException e) {
                throw e;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return n;
        }
    }
}
