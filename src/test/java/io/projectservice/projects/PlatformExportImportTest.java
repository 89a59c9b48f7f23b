package io.projectservice.projects;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.projectservice.support.Api;
import io.projectservice.support.EventLog;
import io.projectservice.support.StoredRows;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * import-project reads the platform's own single-project export (a hand-written fixture in its
 * table-shaped format): the project row, the concepts and the ontology are mapped; the tables it
 * does not know are reported, not fatal.
 */
@QuarkusTest
class PlatformExportImportTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Inject
    EventLog log;

    @Inject
    StoredRows stored;

    @ParameterizedTest
    @EnumSource(Api.class)
    void importsTheProjectItsConceptsAndItsOntology(Api api) throws IOException {
        String user = "pia-" + api.ordinal();
        String ws = "platform-ws";
        String id = Api.as(user, "acme").body(Map.of("export_data", fixture()))
                .post(api.path(user, "acme", ws, "import-project")).then().statusCode(200)
                .body("message", matchesPattern("Project imported successfully! New project ID: [A-Za-z0-9_-]+\\."
                        + " Imported 4 tables with 6 rows\\. Skipped 2 unknown table\\(s\\)\\."))
                .body("data.summary.tables_created", equalTo(4))
                .body("data.summary.rows_inserted", equalTo(6))
                .body("data.summary.unknown_tables", equalTo(List.of("documents_p-7f3a9c", "chat_history_p-7f3a9c")))
                .extract().path("data.new_project_id");

        Api.as(user, "acme").queryParam("project_id", id).get(api.path(user, "acme", ws, "load")).then().statusCode(200)
                .body("data.name", equalTo("Supplier network 2025"))
                .body("data.description", equalTo("Tier-1 and tier-2 suppliers of the EU plants"))
                .body("data.metadata.owner", equalTo("procurement"))
                .body("data.author", equalTo(user))
                .body("data.workspace_id", equalTo(api.workspace(ws)))
                .body("data.concepts.name", equalTo(List.of("critical_supplier", "late_supplier", "supplier")))
                .body("data.concepts[0].definition", equalTo("critical_supplier(S) :- supplies(S, P), critical(P)."))
                .body("data.concepts[0].fields", equalTo(List.of("supplier_id", "name")))
                .body("data.concepts[0].concept_type", equalTo("derived"))
                .body("data.concepts[0].examples", equalTo(List.of("S-001")))
                .body("data.concepts[1].definition", equalTo("late_supplier(S) :- delivery(S, D), late(D).\n"
                        + "late_supplier(S) :- score(S, X), X < 0.3."))
                .body("data.concepts[2].definition", equalTo("supplier(S) :- vendor_master(S)."))
                .body("data.concepts[2].description", nullValue())
                .body("data.ontology.nodes.id", equalTo(List.of("supplier", "part", "plant")))
                .body("data.ontology.edges.label", equalTo(List.of("supplies", "used_at")))
                .body("data.origin.format", equalTo("platform-export"))
                .body("data.origin.project_id", equalTo("p-7f3a9c"))
                .body("data.origin.workspace_id", equalTo("acme_ws"));
        assertEquals(List.of("ProjectImported"), log.types(id));
    }

    @Test
    void theSchemaStandsInForAMissingOntologyAndANamelessProjectIs422() throws IOException {
        Map<String, Object> bundle = fixture();
        Map<String, Object> tables = cast(bundle.get("tables"));
        tables.remove("ontology_p-7f3a9c");
        String id = Api.as("pia", "acme").body(Map.of("export_data", bundle, "force_new_id", true))
                .post(Api.SELF_HOSTED_SEED.path("pia", "acme", "platform-ws", "import-project"))
                .then().statusCode(200).body("data.summary.tables_created", equalTo(3))
                .extract().path("data.new_project_id");
        Api.as("pia", "acme").queryParam("project_id", id)
                .get(Api.SELF_HOSTED_SEED.path("pia", "acme", "platform-ws", "load")).then().statusCode(200)
                .body("data.ontology.nodes.id", equalTo(List.of("Supplier", "Part")));

        Map<String, Object> projectTable = cast(tables.get("projects_acme_ws"));
        List<Map<String, Object>> rows = cast(projectTable.get("data"));
        rows.get(0).remove("name");
        stored.unchangedBy("an import of a nameless platform export", () -> Api.as("pia", "acme")
                .body(Map.of("export_data", bundle))
                .post(Api.SELF_HOSTED_NEW.path("pia", "acme", "platform-ws", "import-project"))
                .then().statusCode(422).body("message", containsString("no project name")).body("data", nullValue()));
    }

    private static Map<String, Object> fixture() throws IOException {
        try (InputStream in = PlatformExportImportTest.class.getResourceAsStream("/platform-export/supplier-network.json")) {
            return cast(MAPPER.readValue(in, Map.class));
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object o) {
        return (T) o;
    }
}
