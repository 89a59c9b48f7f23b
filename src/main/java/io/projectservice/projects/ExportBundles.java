package io.projectservice.projects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.projectservice.config.ServiceConfig;
import io.projectservice.errors.Refusal;
import io.projectservice.eventstore.RecordedEvent;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The table-shaped export format ({@code projects-export}, version 1): one table per part of a
 * project, each with a schema, its rows and a row count, plus the stream's full history.
 */
public final class ExportBundles {
    public static final String FORMAT = "projects-export";
    public static final int FORMAT_VERSION = 1;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ExportBundles() {
    }

    /** The bundle of a state and the events of its incarnation, with versions as the API counts them. */
    public static ObjectNode export(ProjectState s, List<RecordedEvent> events) {
        ObjectNode tables = JSON.objectNode();
        ObjectNode row = JSON.objectNode()
                .put("id", s.id).put("name", s.name).put("description", s.description)
                .put("scope", s.scope).put("workspace_id", s.workspaceId).put("author", s.author)
                .put("organization", s.organization).put("created_at", Timestamps.text(s.createdAt))
                .put("updated_at", Timestamps.text(s.updatedAt)).put("version", s.apiVersion());
        row.set("metadata", s.metadata.deepCopy());
        tables.set("project", table(schema("id:string", "name:string", "description:string?", "metadata:json",
                "scope:string", "workspace_id:string", "author:string", "organization:string?",
                "created_at:timestamp", "updated_at:timestamp", "version:integer"), JSON.arrayNode().add(row)));
        tables.set("concepts", table(schema("name:string", "concept_type:string?", "description:string?",
                "definition:string?", "fields:json?"), s.concepts.deepCopy()));
        tables.set("ontology_nodes", table(schema("id:string", "label:string?", "description:string?",
                "properties:json?"), (ArrayNode) s.ontology.get("nodes").deepCopy()));
        tables.set("ontology_edges", table(schema("source:string", "target:string", "label:string?"),
                (ArrayNode) s.ontology.get("edges").deepCopy()));
        tables.set("files", table(schema("name:string", "content_type:string?", "size:integer", "sha256:string"),
                s.files.deepCopy()));
        tables.set("data_tables", table(schema("name:string", "columns:json", "row_count:integer",
                "sample_rows:json"), s.tables.deepCopy()));
        ArrayNode history = JSON.arrayNode();
        for (RecordedEvent e : events) {
            ObjectNode h = history.addObject()
                    .put("event_id", e.eventId().toString()).put("version", s.apiVersion(e.version()))
                    .put("type", e.type()).put("recorded_at", Timestamps.text(e.recordedAt()))
                    .put("actor", e.metadata().path("actor").asText(null));
            h.set("data", ProjectViews.apiData(e, s.incarnationStart));
        }
        tables.set("events", table(schema("event_id:string", "version:integer", "type:string",
                "recorded_at:timestamp", "actor:string?", "data:json"), history));
        int rows = 0;
        for (JsonNode t : tables) {
            rows += t.get("row_count").asInt();
        }
        ObjectNode bundle = JSON.objectNode()
                .put("format", FORMAT).put("format_version", FORMAT_VERSION)
                .put("project_id", s.id).put("scope", s.scope).put("workspace_id", s.workspaceId)
                .put("extraction_timestamp", Timestamps.text(OffsetDateTime.now()));
        bundle.set("tables", tables);
        bundle.set("summary", JSON.objectNode().put("total_tables", tables.size())
                .put("successful_tables", tables.size()).put("failed_tables", 0).put("total_rows", rows));
        return bundle;
    }

    /** The tables an import reads; any other is reported back as unknown. */
    private static final List<String> KNOWN = List.of("project", "concepts", "ontology_nodes", "ontology_edges",
            "files", "data_tables", "events");

    /**
     * What an import recovers from a bundle: {@code tables} and {@code rows} count what was used,
     * {@code unknownTables} names what was not.
     */
    public record Parsed(String projectId, ObjectNode content, ObjectNode source, int tables, int rows,
            List<String> unknownTables) {
    }

    /** What an import used and what it did not: {tables_created, rows_inserted, unknown_tables}. */
    public static ObjectNode summary(Parsed parsed) {
        ObjectNode summary = JSON.objectNode().put("tables_created", parsed.tables())
                .put("rows_inserted", parsed.rows());
        parsed.unknownTables().forEach(summary.putArray("unknown_tables")::add);
        return summary;
    }

    /**
     * Reads a {@code projects-export} bundle, or the platform's own single-project export
     * ({@link PlatformExports}); an unusable one is a 422 that names what is wrong.
     */
    public static Parsed parse(JsonNode bundle, ServiceConfig.Import limits) {
        if (!(bundle instanceof ObjectNode b)) {
            throw Refusal.invalid("field_required", "Field 'export_data' is required and must be a JSON object");
        }
        if (!(b.get("tables") instanceof ObjectNode tables)) {
            throw Refusal.unprocessable("import_invalid", "export_data has no 'tables' object: not a project export");
        }
        requireWithin(tables, limits);
        if (PlatformExports.isPlatformExport(b, tables)) {
            return PlatformExports.parse(b, tables);
        }
        if (b.has("format") && !FORMAT.equals(b.get("format").asText())) {
            throw Refusal.unprocessable("import_format_unsupported",
                    "export_data has format '" + b.get("format").asText()
                    + "'; expected '" + FORMAT + "'");
        }
        if (b.has("format_version") && b.get("format_version").asInt(-1) > FORMAT_VERSION) {
            throw Refusal.unprocessable("import_format_unsupported",
                    "export_data is format version " + b.get("format_version")
                    + "; this service reads up to " + FORMAT_VERSION);
        }
        ArrayNode projectRows = rows(tables, "project", true);
        if (projectRows.size() != 1 || !(projectRows.get(0) instanceof ObjectNode project)) {
            throw Refusal.unprocessable("import_invalid", "export_data table 'project' must hold exactly one row");
        }
        JsonNode name = project.get("name");
        if (name == null || !name.isTextual() || name.asText().isBlank()) {
            throw Refusal.unprocessable("import_invalid", "export_data table 'project' has no name");
        }
        ObjectNode content = new ProjectState().content();
        content.put("name", name.asText());
        JsonNode description = project.get("description");
        content.put("description", description == null || description.isNull() ? null : description.asText());
        if (project.get("metadata") instanceof ObjectNode m) {
            content.set("metadata", m);
        }
        ObjectNode ontology = ProjectState.emptyOntology();
        ontology.set("nodes", objects(rows(tables, "ontology_nodes", false), "ontology_nodes"));
        ontology.set("edges", objects(rows(tables, "ontology_edges", false), "ontology_edges"));
        content.set("ontology", ontology);
        content.set("concepts", objects(rows(tables, "concepts", false), "concepts"));
        content.set("files", objects(rows(tables, "files", false), "files"));
        content.set("tables", objects(rows(tables, "data_tables", false), "data_tables"));
        int rows = 0;
        int used = 0;
        for (String t : List.of("project", "concepts", "ontology_nodes", "ontology_edges", "files", "data_tables")) {
            if (tables.has(t)) {
                used++;
                rows += rows(tables, t, false).size();
            }
        }
        String exportedId = project.path("id").isTextual() ? project.get("id").asText()
                : b.path("project_id").asText(null);
        ObjectNode source = JSON.objectNode().put("format", FORMAT)
                .put("project_id", exportedId)
                .put("workspace_id", project.path("workspace_id").asText(null))
                .put("exported_at", b.path("extraction_timestamp").asText(null))
                .put("events", rows(tables, "events", false).size());
        List<String> unknown = new ArrayList<>();
        tables.fieldNames().forEachRemaining(t -> {
            if (!KNOWN.contains(t)) {
                unknown.add(t);
            }
        });
        return new Parsed(ProjectIds.isValid(exportedId) ? exportedId : null, content, source, used, rows, unknown);
    }

    /** The whole bundle within the import limits, counted before anything of it is used. */
    private static void requireWithin(ObjectNode tables, ServiceConfig.Import limits) {
        if (tables.size() > limits.maxTables()) {
            throw Refusal.unprocessable("import_too_large",
                    "export_data has " + tables.size() + " tables; the limit is "
                    + limits.maxTables());
        }
        long rows = 0;
        for (JsonNode table : tables) {
            if (table.get("data") instanceof ArrayNode data) {
                rows += data.size();
            }
        }
        if (rows > limits.maxRows()) {
            throw Refusal.unprocessable("import_too_large",
                    "export_data has " + rows + " rows in all its tables; the limit is "
                    + limits.maxRows());
        }
    }

    static ArrayNode rows(ObjectNode tables, String name, boolean required) {
        JsonNode table = tables.get(name);
        if (table == null || table.isNull()) {
            if (required) {
                throw Refusal.unprocessable("import_invalid", "export_data has no table '" + name + "'");
            }
            return JSON.arrayNode();
        }
        if (!(table.get("data") instanceof ArrayNode data)) {
            throw Refusal.unprocessable("import_invalid", "export_data table '" + name + "' has no 'data' list");
        }
        return data;
    }

    static ArrayNode objects(ArrayNode rows, String table) {
        for (JsonNode r : rows) {
            if (!r.isObject()) {
                throw Refusal.unprocessable("import_invalid",
                        "export_data table '" + table + "' has a row that is not an object");
            }
        }
        return rows.deepCopy();
    }

    private static ArrayNode schema(String... columns) {
        ArrayNode schema = JSON.arrayNode();
        for (String c : columns) {
            String[] parts = c.split(":");
            boolean nullable = parts[1].endsWith("?");
            schema.addObject().put("name", parts[0]).put("type", parts[1].replace("?", ""))
                    .put("nullable", nullable);
        }
        return schema;
    }

    private static ObjectNode table(ArrayNode schema, ArrayNode data) {
        ObjectNode t = JSON.objectNode();
        t.set("schema", schema);
        t.set("data", data);
        t.put("row_count", data.size());
        return t;
    }
}
