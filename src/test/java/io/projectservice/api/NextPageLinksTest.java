package io.projectservice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.projectservice.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A client that knows nothing but RFC 8288 pages through every listing: it follows
 * {@code Link: <...>; rel="next"} as given, in every route family, and sees every item once; the
 * last page has no link. The link keeps the family and prefix the client used.
 */
@QuarkusTest
class NextPageLinksTest {
    private static final Pattern NEXT = Pattern.compile("^<([^>]+)>; rel=\"next\"$");

    @Test
    void listFollowedByLinksAloneYieldsEveryProjectOnceInEveryFamily() {
        String org = "links-org-" + System.nanoTime();
        for (Api api : Api.values()) {
            String user = "linker-" + api.name().toLowerCase();
            List<String> saved = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                saved.add(Api.as(user, org).body(Map.of("project", Map.of("name", "p" + i)))
                        .post(api.path(user, org, "links", "save")).then().statusCode(200)
                        .extract().path("data.project_id"));
            }
            List<String> seen = follow(user, org, api.path(user, org, "links", "list") + "?limit=2");
            assertEquals(new LinkedHashSet<>(saved), new LinkedHashSet<>(seen), api.name());
            assertEquals(saved.size(), seen.size(), api.name() + ": every project once");
        }
    }

    @Test
    void historyLinksCarryTheOtherParametersAlong() {
        String org = "links-org-" + System.nanoTime();
        String id = Api.as("historian", org).body(Map.of("project", Map.of("name", "v1")))
                .post("/api/v1/projects/links/save").then().statusCode(200).extract().path("data.project_id");
        for (int v = 2; v <= 7; v++) {
            Api.as("historian", org).body(Map.of("project", Map.of("id", id, "name", "v" + v)))
                    .post("/api/v1/projects/links/save").then().statusCode(200);
        }
        String first = "/jarvispy/" + org + "/historian/api/v1/projects/links/history?project_id=" + id + "&limit=3";
        List<Integer> versions = new ArrayList<>();
        String next = first;
        int pages = 0;
        while (next != null) {
            Response page = Api.as("historian", org).get(next);
            page.then().statusCode(200);
            versions.addAll(page.jsonPath().getList("data.version", Integer.class));
            next = nextLink(page);
            if (next != null) {
                assertTrue(next.startsWith("/jarvispy/" + org + "/historian/api/v1/projects/links/history?"), next);
                assertTrue(next.contains("project_id=" + id) && next.contains("limit=3"), next);
            }
            pages++;
        }
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7), versions);
        assertEquals(3, pages);
    }

    @Test
    void aReplacedCursorIsNotRepeated() {
        assertEquals("/a/list?limit=2&cursor=x%2By", NextPageLinks.withCursor("/a/list?cursor=old&limit=2", "x+y"));
        assertEquals("/a/list?cursor=c", NextPageLinks.withCursor("/a/list", "c"));
        assertEquals("/a/list?q=a%20b&cursor=c", NextPageLinks.withCursor("/a/list?q=a%20b&cursor", "c"));
        assertEquals("/a/list?cursors=1&cursor=c", NextPageLinks.withCursor("/a/list?cursors=1", "c"));
    }

    private static List<String> follow(String user, String org, String first) {
        List<String> all = new ArrayList<>();
        String next = first;
        int pages = 0;
        while (next != null) {
            Response page = Api.as(user, org).get(next);
            page.then().statusCode(200);
            all.addAll(page.jsonPath().getList("data.id", String.class));
            String cursorHeader = page.header("X-Next-Cursor");
            next = nextLink(page);
            assertEquals(cursorHeader == null, next == null, "Link and X-Next-Cursor come together");
            pages++;
            assertTrue(pages < 20, "the links do not end");
        }
        assertTrue(pages >= 3, pages + " pages");
        return all;
    }

    private static String nextLink(Response page) {
        String link = page.header("Link");
        if (link == null) {
            assertNull(page.header("X-Next-Cursor"));
            return null;
        }
        Matcher m = NEXT.matcher(link);
        assertTrue(m.matches(), link);
        assertNotNull(page.header("X-Next-Cursor"));
        return m.group(1);
    }
}
