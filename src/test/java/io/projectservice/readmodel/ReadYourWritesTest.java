package io.projectservice.readmodel;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.projectservice.support.Api;
import io.projectservice.support.Await;
import io.projectservice.support.Projects;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A client sees its own writes in its next list, without sending anything special. */
@QuarkusTest
class ReadYourWritesTest {

    /**
     * A list answers within its bound: fresh (it holds the caller's write) or, past the bound on a
     * busy machine, marked {@code X-View-Stale}. A list that does not say it is stale and misses
     * the save just made is the failure; how many answers were stale is only reported.
     */
    @Test
    void everyListContainsTheProjectJustSaved() {
        Projects ryw = Projects.of("ryw", "acme", "ryw-ws");
        int stale = 0;
        for (int i = 0; i < 1000; i++) {
            String id = ryw.create("P" + i);
            var list = ryw.request().queryParam("limit", 3).get(ryw.path("list")).then().statusCode(200)
                    .body("message", equalTo("Projects retrieved successfully")).extract();
            if (list.header("X-View-Stale") != null) {
                stale++;
                continue;
            }
            assertEquals(id, list.path("data[0].id"), "a list not marked stale misses save " + i);
            assertEquals("P" + i, list.path("data[0].name"));
        }
        assertTrue(stale < 1000, "every list was stale");
    }

    /**
     * Four clients write at once, each to its own workspace and to one project they all share;
     * each client's list right after its own save holds that save (or says it is stale), however
     * the others' writes interleave with it.
     */
    @Test
    void everyListHoldsTheCallersOwnSaveWhileOthersWrite() throws Exception {
        String shared = Projects.of("ryw-0", "acme", "ryw-shared").save(Map.of("name", "Shared v1",
                "scope", "organization"));
        int clients = 4;
        int rounds = 60;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                String user = "ryw-" + c;
                done.add(pool.submit(() -> {
                    Projects mine = Projects.of(user, "acme", "ryw-concurrent-" + user);
                    Projects common = Projects.of(user, "acme", "ryw-shared");
                    for (int i = 0; i < rounds; i++) {
                        String id = mine.create(user + " " + i);
                        var own = mine.request().queryParam("limit", 1).get(mine.path("list")).then()
                                .statusCode(200).extract();
                        if (own.header("X-View-Stale") == null) {
                            assertEquals(id, own.path("data[0].id"), user + ": a fresh list misses save " + i);
                        }
                        int version = common.update(shared, Map.of("description", user + " " + i,
                                "scope", "organization"));
                        var both = common.request().queryParam("scopes", "organization").get(common.path("list"))
                                .then().statusCode(200).extract();
                        if (both.header("X-View-Stale") == null) {
                            int seen = both.path("data.find { it.id == '" + shared + "' }.version");
                            assertTrue(seen >= version, user + ": a fresh list shows version " + seen
                                    + " of the shared project after this client wrote version " + version);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void copiesImportsAndDeletesAreSeenToo() {
        String ws = "ryw-more";
        String id = Api.as("ryw", "acme").body(Map.of("project", Map.of("name", "Original")))
                .post(Api.SELF_HOSTED_NEW.path("ryw", "acme", ws, "save"))
                .then().statusCode(200).extract().path("data.project_id");
        String copy = Api.as("ryw", "acme").body(Map.of("project_id", id))
                .post(Api.SELF_HOSTED_NEW.path("ryw", "acme", ws, "copy"))
                .then().statusCode(200).extract().path("data.new_project_id");
        freshList(ws).body("data.id", hasItem(copy)).body("data.name", hasItem("Original (copy)"));
        Api.as("ryw", "acme").body(Map.of("project", Map.of("id", id)))
                .post(Api.SELF_HOSTED_NEW.path("ryw", "acme", ws, "cleanup")).then().statusCode(200);
        freshList(ws).body("data.id", not(hasItem(id))).body("data.id", hasItem(copy));
    }

    /** The first list not marked stale (a busy machine may need longer than list's own bound). */
    private static ValidatableResponse freshList(String ws) {
        String path = Api.SELF_HOSTED_NEW.path("ryw", "acme", ws, "list");
        Await.until("a list that is not stale", Duration.ofSeconds(60),
                () -> Api.as("ryw", "acme").get(path).then().statusCode(200).extract().header("X-View-Stale") == null);
        return Api.as("ryw", "acme").get(path).then().statusCode(200).header("X-View-Stale", nullValue());
    }
}
