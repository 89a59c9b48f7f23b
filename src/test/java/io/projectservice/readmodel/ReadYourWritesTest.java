package io.projectservice.readmodel;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.projectservice.support.Api;
import io.projectservice.support.Projects;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A client sees its own writes in its next list, without sending anything special. */
@QuarkusTest
class ReadYourWritesTest {

    @Test
    void everyListContainsTheProjectJustSaved() {
        String save = Api.SELF_HOSTED_SEED.path("ryw", "acme", "ryw-ws", "save");
        String list = Api.SELF_HOSTED_SEED.path("ryw", "acme", "ryw-ws", "list");
        for (int i = 0; i < 1000; i++) {
            String id = Api.as("ryw", "acme").body(Map.of("project", Map.of("name", "P" + i))).post(save)
                    .then().statusCode(200).extract().path("data.project_id");
            Api.as("ryw", "acme").queryParam("limit", 3).get(list)
                    .then().statusCode(200)
                    .header("X-View-Stale", nullValue())
                    .body("message", equalTo("Projects retrieved successfully"))
                    .body("data[0].id", equalTo(id))
                    .body("data[0].name", equalTo("P" + i));
        }
    }

    /**
     * Four clients write at once, each to its own workspace and to one project they all share;
     * each client's list right after its own save holds that save, however the others' writes
     * interleave with it.
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
                        mine.request().queryParam("limit", 1).get(mine.path("list")).then().statusCode(200)
                                .header("X-View-Stale", nullValue())
                                .body("data[0].id", equalTo(id)).body("data[0].name", equalTo(user + " " + i));
                        int version = common.update(shared, Map.of("description", user + " " + i,
                                "scope", "organization"));
                        common.request().queryParam("scopes", "organization").get(common.path("list"))
                                .then().statusCode(200).header("X-View-Stale", nullValue())
                                .body("data.find { it.id == '" + shared + "' }.version",
                                        greaterThanOrEqualTo(version));
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
        Api.as("ryw", "acme").get(Api.SELF_HOSTED_NEW.path("ryw", "acme", ws, "list"))
                .then().statusCode(200).body("data.id", hasItem(copy)).body("data.name", hasItem("Original (copy)"));
        Api.as("ryw", "acme").body(Map.of("project", Map.of("id", id)))
                .post(Api.SELF_HOSTED_NEW.path("ryw", "acme", ws, "cleanup")).then().statusCode(200);
        Api.as("ryw", "acme").get(Api.SELF_HOSTED_NEW.path("ryw", "acme", ws, "list"))
                .then().statusCode(200).body("data.id", not(hasItem(id))).body("data.id", hasItem(copy));
    }
}
