package io.projectservice.readmodel;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.projectservice.support.Api;
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
