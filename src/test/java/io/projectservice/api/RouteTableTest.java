package io.projectservice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every family and action name maps onto the one canonical route (the hosted prefix is gone by then). */
class RouteTableTest {

    @ParameterizedTest
    @CsvSource({
            // seed layout, and the 0.3.0-era layout on the default workspace
            "/api/v1/projects/ws1/save, /api/v1/projects/ws1/save",
            "/api/v1/projects/save, /api/v1/projects/dflt/save",
            "/api/v1/projects/snapshots/restore, /api/v1/projects/dflt/snapshots/restore",
            "/api/v1/projects/ws1/export-ontology, /api/v1/projects/ws1/export-project",
            "/api/v1/projects/import-ontology, /api/v1/projects/dflt/import-project",
            // the current family, with and without a workspace
            "/api/v1/ontologies/save, /api/v1/projects/dflt/save",
            "/api/v1/ontologies/ws1/load, /api/v1/projects/ws1/load",
            "/api/v1/ontologies/export-ontology, /api/v1/projects/dflt/export-project",
            "/api/v1/ontologies/ws1/import-ontology, /api/v1/projects/ws1/import-project",
            "/api/v1/ontologies/export-project, /api/v1/projects/dflt/export-project",
            "/api/v1/ontologies/create-from-context/jobs/j1, /api/v1/projects/dflt/create-from-context/jobs/j1",
            "/api/v1/ontologies/share, /api/v1/projects/dflt/share",
            "/api/v1/ontologies/share/inbox, /api/v1/projects/dflt/share/inbox",
            "/api/v1/ontologies/ws1/share/revoke, /api/v1/projects/ws1/share/revoke",
            // a project id that happens to be an alias is not renamed: only the action is
            "/api/v1/ontologies/ws1/snapshots/export-ontology, /api/v1/projects/ws1/snapshots/export-ontology",
            // anything else is left alone
            "/q/health, /q/health",
            "/api/v1/other/save, /api/v1/other/save",
    })
    void everySpellingMapsOntoTheCanonicalRoute(String path, String canonical) {
        assertEquals(canonical, RouteTable.canonical(path, "dflt"));
    }
}
