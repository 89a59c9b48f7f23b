package io.projectservice.templates;

import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.projectservice.support.Api;
import io.projectservice.support.EventLog;
import io.projectservice.support.Projects;
import io.projectservice.support.StoredRows;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Templates through every prefix and layout: the built-ins are listed and each makes a project
 * with its ontology and concepts; an organization's template projects are listed to its members
 * only; a project made from a template starts with an event naming it.
 */
@QuarkusTest
class TemplatesTest {
    private static final List<String> BUILT_INS = List.of("builtin.supplier-risk", "builtin.customer-360",
            "builtin.payment-fraud");

    @Inject
    EventLog log;

    @Inject
    StoredRows stored;

    @ParameterizedTest
    @EnumSource(Api.class)
    void builtInTemplatesMakeProjectsThatRememberTheirTemplate(Api api) {
        String user = "tom-" + api.ordinal();
        String org = "acme";
        String ws = "templates-ws";
        Api.as(user, org).get(api.path(user, org, ws, "list-templates")).then().statusCode(200)
                .body("status", equalTo("success"))
                .body("data.id", hasItems(BUILT_INS.toArray()))
                .body("data.findAll { it.source == 'builtin' }.description", everyItem(notNullValue()))
                .body("data.findAll { it.source == 'builtin' }.category", everyItem(notNullValue()))
                .body("data.findAll { it.source == 'builtin' }.name", everyItem(notNullValue()));

        for (String template : BUILT_INS) {
            String id = Api.as(user, org).body(Map.of("template_id", template))
                    .post(api.path(user, org, ws, "import-template")).then().statusCode(200)
                    .body("message", equalTo("Template imported successfully as project '"
                            + name(template) + "'"))
                    .body("data.name", equalTo(name(template)))
                    .body("data.scope", equalTo("user"))
                    .body("data.description", notNullValue())
                    .extract().path("data.id");
            Api.as(user, org).queryParam("project_id", id).get(api.path(user, org, ws, "load")).then().statusCode(200)
                    .body("data.workspace_id", equalTo(api.workspace(ws)))
                    .body("data.ontology.nodes", not(empty()))
                    .body("data.ontology.edges", not(empty()))
                    .body("data.concepts", not(empty()))
                    .body("data.concepts.name", everyItem(notNullValue()))
                    .body("data.origin.template_id", equalTo(template))
                    .body("data.origin.source", equalTo("builtin"));
            assertEquals(List.of("ProjectCreated"), log.types(id));
            assertEquals(template, log.rows("SELECT data->'origin'->>'template_id' FROM project_events"
                    + " WHERE stream_id = $1 AND version = 1", id).get(0).getString(0),
                    "the first event records the template");
        }

        String named = Api.as(user, org).body(Map.of("template_id", "builtin.payment-fraud",
                "new_project_name", "Card fraud 2026", "project_scope", "organization"))
                .post(api.path(user, org, ws, "import-template")).then().statusCode(200)
                .body("data.name", equalTo("Card fraud 2026")).body("data.scope", equalTo("organization"))
                .extract().path("data.id");
        Api.as("bob", org).queryParam("project_id", named).queryParam("scope", "organization")
                .get(api.path("bob", org, ws, "load")).then().statusCode(200).body("data.name", equalTo("Card fraud 2026"));

        stored.unchangedBy("imports of an unknown template and of none", () -> {
            Api.as(user, org).body(Map.of("template_id", "builtin.nothing"))
                    .post(api.path(user, org, ws, "import-template")).then().statusCode(404).body("data", equalTo(null));
            Api.as(user, org).body(Map.of("new_project_name", "x")).post(api.path(user, org, ws, "import-template"))
                    .then().statusCode(400).body("message", equalTo("Field 'template_id' is required"));
        });
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void organizationTemplatesAreSharedWithTheOrganizationOnly(Api api) {
        String org = "tmpl-org-" + api.ordinal();
        String ws = "templates-own";
        // an organization template with content, made by import (save cannot set concepts)
        Map<String, Object> bundle = Map.of("tables", Map.of(
                "project", Projects.table(List.of(Map.of("name", "Acme onboarding", "description", "How we onboard",
                        "metadata", Map.of("is_template", true, "template_category", "hr", "owner", "people-ops")))),
                "concepts", Projects.table(List.of(Map.of("name", "new_hire", "concept_type", "rule",
                        "definition", "new_hire(P)."))),
                "ontology_nodes", Projects.table(List.of(Map.of("id", "person", "label", "Person")))));
        String template = Api.as("ann", org).body(Map.of("export_data", bundle, "scope", "organization"))
                .post(api.path("ann", org, ws, "import-project")).then().statusCode(200)
                .extract().path("data.new_project_id");
        String privateMarked = Api.as("ann", org).body(Map.of("project", Map.of("name", "Ann's own template",
                "metadata", Map.of("is_template", true)))).post(api.path("ann", org, ws, "save"))
                .then().statusCode(200).extract().path("data.project_id");
        Api.as("bob", org).body(Map.of("project", Map.of("name", "Not a template", "scope", "organization")))
                .post(api.path("bob", org, ws, "save")).then().statusCode(200);

        Api.as("bob", org).get(api.path("bob", org, "elsewhere", "list-templates")).then().statusCode(200)
                .body("data.findAll { it.source == 'organization' }.id", equalTo(List.of(template)))
                .body("data.find { it.id == '" + template + "' }.category", equalTo("hr"))
                .body("data.find { it.id == '" + template + "' }.name", equalTo("Acme onboarding"))
                .body("data.id", not(hasItem(privateMarked)));
        Api.as("eve", "other-" + org).get(api.path("eve", "other-" + org, ws, "list-templates")).then().statusCode(200)
                .body("data.id", not(hasItem(template)));

        String made = Api.as("bob", org).body(Map.of("template_id", template, "new_project_name", "Bob's onboarding"))
                .post(api.path("bob", org, "elsewhere", "import-template")).then().statusCode(200)
                .body("data.name", equalTo("Bob's onboarding")).extract().path("data.id");
        Map<String, Object> loaded = Api.as("bob", org).queryParam("project_id", made)
                .get(api.path("bob", org, "elsewhere", "load")).then().statusCode(200)
                .body("data.concepts.name", equalTo(List.of("new_hire")))
                .body("data.ontology.nodes.id", equalTo(List.of("person")))
                .body("data.description", equalTo("How we onboard"))
                .body("data.metadata.owner", equalTo("people-ops"))
                .body("data.origin.template_id", equalTo(template))
                .body("data.origin.source", equalTo("organization"))
                .body("data.origin.version", equalTo(1))
                .extract().path("data.metadata");
        assertFalse(loaded.containsKey("is_template"), "a project made from a template is not a template");

        stored.unchangedBy("imports of templates the callers may not see", () -> {
            Api.as("eve", "other-" + org).body(Map.of("template_id", template))
                    .post(api.path("eve", "other-" + org, ws, "import-template")).then().statusCode(404);
            Api.as("bob", org).body(Map.of("template_id", privateMarked))
                    .post(api.path("bob", org, ws, "import-template")).then().statusCode(404);
        });
        Api.as("bob", org).get(api.path("bob", org, ws, "list-templates")).then()
                .body("data[0]", hasKey("category"));
    }

    private static String name(String builtIn) {
        return switch (builtIn) {
            case "builtin.supplier-risk" -> "Supplier risk";
            case "builtin.customer-360" -> "Customer 360";
            default -> "Payment fraud";
        };
    }

}
