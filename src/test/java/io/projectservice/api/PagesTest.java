package io.projectservice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.projectservice.support.Api;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every listing that grows is paged and bounded in bytes: with items of about 60 KB, a page stops
 * near projects.limits.page-max-bytes (1 MiB in the test profile) well before its count limit,
 * X-Next-Cursor leads on, and following it yields every item once, in order.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PagesTest {
    private static final long PAGE_MAX_BYTES = ConfigProvider.getConfig()
            .getValue("projects.limits.page-max-bytes", Long.class);
    /** Items of about 60 KB (20 KB for snapshots: their descriptions) past one page, whatever the bound. */
    private static final int ITEMS = (int) (PAGE_MAX_BYTES / 60_000) + 4;
    private static final int SNAPSHOTS = (int) (PAGE_MAX_BYTES / 20_000) + 8;
    private static final int ITEM_BYTES = 60_000;
    private static final String WS = "pages";
    private final String org = "pages-org-" + System.nanoTime();
    private final String user = "pager";
    private final List<String> templates = new ArrayList<>();
    private String busy;

    /** Once for the class; in BeforeEach, as RestAssured knows the test port only from there. */
    @BeforeEach
    void largeItems() {
        if (busy != null) {
            return;
        }
        for (int i = 0; i < ITEMS; i++) {
            templates.add(as().body(Map.of("project", Map.of("name", String.format("template %03d", i),
                    "scope", "organization", "metadata", Map.of("is_template", true, "blob", blob(i)))))
                    .post(path("save")).then().statusCode(200).extract().path("data.project_id"));
        }
        busy = as().body(Map.of("project", Map.of("name", "busy"))).post(path("save")).then().statusCode(200)
                .extract().path("data.project_id");
        for (int i = 0; i < ITEMS; i++) {
            as().body(Map.of("project", Map.of("id", busy, "metadata", Map.of("blob", blob(i))))).post(path("save"))
                    .then().statusCode(200);
        }
        for (int i = 0; i < SNAPSHOTS; i++) {
            as().body(Map.of("project_id", busy, "description", String.valueOf(i % 10).repeat(20_000)))
                    .post(path("snapshots/create")).then().statusCode(200);
        }
    }

    @Test
    void historyPagesStopAtTheirBytes() {
        List<Object> versions = follow(cursor -> as().queryParams(query("project_id", busy, "cursor", cursor))
                .get(path("history")), json -> json.getList("data.version"));
        // the creation, an update per item, then the snapshots
        assertEquals(IntStream.rangeClosed(1, 1 + ITEMS + SNAPSHOTS).boxed().toList(), versions);
    }

    @Test
    void snapshotListPagesStopAtTheirBytes() {
        List<Object> ids = follow(cursor -> as().queryParams(query("project_id", busy, "cursor", cursor))
                .get(path("snapshots/list")), json -> json.getList("data.snapshot_id"));
        assertEquals(SNAPSHOTS, ids.size());
        assertEquals(SNAPSHOTS, new LinkedHashSet<>(ids).size());
    }

    @Test
    void listPagesStopAtTheirBytes() {
        List<Object> ids = follow(cursor -> as().queryParams(query("scopes", "organization", "cursor", cursor))
                .get(path("list")), json -> json.getList("data.id"));
        assertEquals(new LinkedHashSet<>(templates), new LinkedHashSet<>(ids));
        assertEquals(templates.size(), ids.size());
    }

    @Test
    void templatePagesStopAtTheirBytes() {
        List<Object> ids = follow(cursor -> as().queryParams(query("cursor", cursor)).get(path("list-templates")),
                json -> json.getList("data.id"));
        List<Object> expected = new ArrayList<>(List.of("builtin.supplier-risk", "builtin.customer-360",
                "builtin.payment-fraud"));
        expected.addAll(templates);
        assertEquals(expected.subList(3, expected.size()), ids.subList(3, ids.size()), "by name, once each");
        assertEquals(new LinkedHashSet<>(expected), new LinkedHashSet<>(ids));
    }

    @Test
    void templatePagesOfOneAndTwoCrossFromBuiltInsToTheOrganization() {
        for (int size : List.of(1, 2)) {
            List<Object> ids = follow(cursor -> as().queryParams(query("cursor", cursor, "limit", size))
                    .get(path("list-templates")), json -> json.getList("data.id"));
            assertEquals(3 + templates.size(), ids.size());
            assertEquals(3 + templates.size(), new LinkedHashSet<>(ids).size());
        }
    }

    @Test
    void workspaceExportPagesStopAtTheirBytes() {
        List<Object> ids = follow(cursor -> as().queryParams(query("cursor", cursor))
                .body(Map.of("scope", "organization")).post(path("export-workspace")),
                json -> new ArrayList<>(json.getMap("data.projects").keySet()));
        assertEquals(new LinkedHashSet<>(templates), new LinkedHashSet<>(ids));
        assertEquals(templates.size(), ids.size());
    }

    /** Follows X-Next-Cursor from the first page to the last; checks each page's size on the way. */
    private static List<Object> follow(Function<String, Response> page, Function<JsonPath, List<Object>> items) {
        List<Object> all = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response r = page.apply(cursor);
            r.then().statusCode(200);
            String body = r.asString();
            assertTrue(body.length() < PAGE_MAX_BYTES + 2 * ITEM_BYTES + 8192,
                    "a page of " + body.length() + " bytes");
            List<Object> got = items.apply(r.jsonPath());
            assertTrue(!got.isEmpty(), "a page is never empty");
            all.addAll(got);
            cursor = r.header("X-Next-Cursor");
            pages++;
        } while (cursor != null);
        assertTrue(pages >= 2, "the items did not fit one page of bytes: " + pages + " page(s)");
        return all;
    }

    private static Map<String, Object> query(Object... pairs) {
        Map<String, Object> q = new java.util.HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                q.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return q;
    }

    private static String blob(int i) {
        return String.valueOf((char) ('a' + i % 26)).repeat(ITEM_BYTES);
    }

    private io.restassured.specification.RequestSpecification as() {
        return Api.as(user, org);
    }

    private static String path(String action) {
        return "/api/v1/projects/" + WS + "/" + action;
    }
}
