package io.projectservice.api;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.projectservice.support.Api;
import io.projectservice.support.EventLog;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every endpoint of this issue, through each prefix and layout, with the messages of API.md. */
@QuarkusTest
class ProjectsEndpointsTest {
    private static final String ISO_UTC = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+00:00";

    @Inject
    EventLog log;

    @ParameterizedTest
    @EnumSource(Api.class)
    void saveLoadUpdateCopyExportImportCleanup(Api api) {
        String user = "ann-" + api.name().toLowerCase();
        String org = "acme";
        String ws = "ws-" + api.ordinal();

        String id = Api.as(user, org)
                .body(Map.of("project", Map.of("name", "Financial Risk Analysis",
                        "description", "Project for analyzing financial risk factors",
                        "metadata", Map.of("department", "risk_management", "priority", "high"))))
                .post(api.path(user, org, ws, "save"))
                .then().statusCode(200)
                .body("status", equalTo("success"))
                .body("message", equalTo("Project Financial Risk Analysis saved successfully"))
                .body("data.project_id", matchesPattern("[0-9a-f]{11}"))
                .body("data.version", equalTo(1))
                .extract().path("data.project_id");

        Api.as(user, org).queryParam("project_id", id).get(api.path(user, org, ws, "load"))
                .then().statusCode(200)
                .header("ETag", "\"1\"")
                .body("message", equalTo("Project loaded successfully"))
                .body("data.id", equalTo(id))
                .body("data.name", equalTo("Financial Risk Analysis"))
                .body("data.metadata.priority", equalTo("high"))
                .body("data.scope", equalTo("user"))
                .body("data.workspace_id", equalTo(api.workspace(ws)))
                .body("data.author", equalTo(user))
                .body("data.organization", equalTo(org))
                .body("data.created_at", matchesPattern(ISO_UTC))
                .body("data.updated_at", matchesPattern(ISO_UTC))
                .body("data.version", equalTo(1))
                .body("data.to_persist", equalTo(true))
                .body("data.ontology.nodes", hasSize(0))
                .body("data.concepts", hasSize(0));

        // an update with only a description keeps the name and metadata
        Api.as(user, org).body(Map.of("project", Map.of("id", id, "description", "Second thoughts")))
                .post(api.path(user, org, ws, "save"))
                .then().statusCode(200)
                .body("message", equalTo("Project Financial Risk Analysis saved successfully"))
                .body("data.project_id", equalTo(id))
                .body("data.ontology_id", equalTo(id))
                .body("data.version", equalTo(2));
        Api.as(user, org).queryParam("project_id", id).queryParam("scope", "user")
                .get(api.path(user, org, ws, "load"))
                .then().statusCode(200)
                .body("data.description", equalTo("Second thoughts"))
                .body("data.metadata.department", equalTo("risk_management"))
                .body("data.version", equalTo(2));

        String copyId = Api.as(user, org).body(Map.of("project_id", id, "new_project_name", "Copy of Analysis"))
                .post(api.path(user, org, ws, "copy"))
                .then().statusCode(200)
                .body("message", matchesPattern("Project copied successfully! New project ID: [0-9a-f]{11}\\."))
                .extract().path("data.new_project_id");
        Api.as(user, org).queryParam("project_id", copyId).get(api.path(user, org, ws, "load"))
                .then().statusCode(200)
                .body("data.name", equalTo("Copy of Analysis"))
                .body("data.description", equalTo("Second thoughts"));
        assertEquals(List.of("ProjectCopied"), log.types(copyId));

        Map<String, Object> bundle = Api.as(user, org).body(Map.of("project_id", id))
                .post(api.path(user, org, ws, "export-project"))
                .then().statusCode(200)
                .body("message", equalTo("Project '" + id + "' exported successfully. Found 7 tables with 3 total rows."))
                .body("data.format", equalTo("projects-export"))
                .body("data.tables.project.data[0].name", equalTo("Financial Risk Analysis"))
                .body("data.tables.events.row_count", equalTo(2))
                .body("data.summary.total_tables", equalTo(7))
                .extract().path("data");
        // the current SDK's name of the same action answers the same bundle
        Map<String, Object> sameBundle = Api.as(user, org).body(Map.of("project_id", id))
                .post(api.path(user, org, ws, "export-ontology"))
                .then().statusCode(200)
                .body("message", equalTo("Project '" + id + "' exported successfully. Found 7 tables with 3 total rows."))
                .extract().path("data");
        assertEquals(bundle.get("tables"), sameBundle.get("tables"));

        var firstImport = Api.as(user, org).body(Map.of("export_data", bundle, "force_new_id", true))
                .post(api.path(user, org, ws, "import-project"))
                .then().statusCode(200)
                .body("message", matchesPattern("Project imported successfully! New project ID: [0-9a-f]{11}\\..*"))
                .body("data.summary.tables_created", notNullValue())
                .extract();
        String imported = firstImport.path("data.new_project_id");
        Api.as(user, org).queryParam("project_id", imported).get(api.path(user, org, ws, "load"))
                .then().statusCode(200).body("data.name", equalTo("Financial Risk Analysis"));
        String importedAgain = Api.as(user, org).body(Map.of("export_data", sameBundle, "force_new_id", true))
                .post(api.path(user, org, ws, "import-ontology"))
                .then().statusCode(200)
                .body("data.summary.tables_created", equalTo(firstImport.path("data.summary.tables_created")))
                .body("data.summary.rows_inserted", equalTo(firstImport.path("data.summary.rows_inserted")))
                .extract().path("data.new_project_id");
        Api.as(user, org).queryParam("project_id", importedAgain).get(api.path(user, org, ws, "load"))
                .then().statusCode(200).body("data.name", equalTo("Financial Risk Analysis"));

        Api.as(user, org).body(Map.of("project", Map.of("id", id, "scope", "user")))
                .post(api.path(user, org, ws, "cleanup"))
                .then().statusCode(200)
                .body("message", equalTo("Project " + id + " deleted successfully"))
                .body("data.deleted_count", equalTo(1));
        Api.as(user, org).queryParam("project_id", id).get(api.path(user, org, ws, "load"))
                .then().statusCode(404).body("status", equalTo("error")).body("data", nullValue());

        Api.as(user, org).body(Map.of("project", Map.of("scope", "user")))
                .post(api.path(user, org, ws, "cleanup"))
                .then().statusCode(200)
                .body("message", equalTo("All user's projects deleted successfully"))
                .body("data.deleted_count", equalTo(3));
    }
}
