package io.projectservice.readmodel;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.projectservice.support.Api;
import io.projectservice.support.Projects;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Scopes merged without duplicates, newest first, paging with a cursor header, name filter. */
@QuarkusTest
class ListTest {
    private static final String WS = "list-ws";

    @Test
    void mergesScopesAndPagesNewestFirst() {
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            mine.add(0, save("lena", "globex", "Mine " + i, "user"));
        }
        String shared = save("otto", "globex", "Shared by otto", "organization");
        save("otto", "globex", "Otto's own", "user");
        save("zed", "initech", "Elsewhere", "organization");

        Api.as("lena", "globex").get(path("lena", "list")).then().statusCode(200)
                .body("data.id", contains(mine.toArray()));
        Api.as("lena", "globex").queryParam("scopes", "user,organization").get(path("lena", "list"))
                .then().statusCode(200).body("data", hasSize(6))
                .body("data.id", containsInAnyOrder(concat(mine, shared).toArray()));
        Api.as("lena", "globex").urlEncodingEnabled(false).queryParam("scopes", "user%2Corganization")
                .get(path("lena", "list")).then().statusCode(200).body("data", hasSize(6));
        Api.as("lena", "globex").queryParam("scopes", "organization").get(path("lena", "list"))
                .then().statusCode(200).body("data.id", contains(shared)).body("data[0].author", equalTo("otto"));

        List<String> paged = new ArrayList<>();
        String cursor = null;
        do {
            var request = Api.as("lena", "globex").queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var response = request.get(path("lena", "list")).then().statusCode(200).extract();
            paged.addAll(response.path("data.id"));
            cursor = response.header("X-Next-Cursor");
        } while (cursor != null);
        assertEquals(mine, paged);

        Api.as("lena", "globex").queryParam("q", "MINE 3").get(path("lena", "list"))
                .then().statusCode(200).body("data.name", contains("Mine 3"));
        Api.as("lena", "globex").queryParam("q", "%").get(path("lena", "list"))
                .then().statusCode(200).body("data", hasSize(0));
        Api.as("lena", "globex").get(path("lena", "list")).then()
                .body("data[0].to_persist", equalTo(true)).body("data[0].version", equalTo(1))
                .body("data[0].metadata", notNullValue()).body("data[0].description", nullValue());
    }

    @Test
    void badListParametersAre400() {
        Api.as("lena", "globex").queryParam("scopes", "user,galaxy").get(path("lena", "list"))
                .then().statusCode(400).body("status", equalTo("error"));
        Api.as("lena", "globex").queryParam("cursor", "!!!").get(path("lena", "list")).then().statusCode(400);
        Api.as("lena", "globex").queryParam("limit", "0").get(path("lena", "list")).then().statusCode(400);
    }

    private static List<String> concat(List<String> a, String b) {
        List<String> out = new ArrayList<>(a);
        out.add(b);
        return out;
    }

    private static String path(String user, String action) {
        return Api.SELF_HOSTED_SEED.path(user, "globex", WS, action);
    }

    private static String save(String user, String org, String name, String scope) {
        return Projects.of(user, org, WS).save(Map.of("name", name, "scope", scope));
    }
}
