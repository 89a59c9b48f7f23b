package io.projectservice.projects;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.projectservice.support.Api;
import io.projectservice.support.EventLog;
import io.projectservice.support.Projects;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * cleanup without an id: with organization scope it deletes every organization project of the
 * caller's organization in the workspace, whoever wrote it, and nothing else; with user scope,
 * every project of the caller's own there, and nothing else.
 */
@QuarkusTest
class OrganizationCleanupTest {
    @Inject
    EventLog log;

    @ParameterizedTest
    @EnumSource(value = Api.class, names = {"SELF_HOSTED_SEED", "HOSTED_NEW"})
    void bulkCleanupDeletesEveryMatchingProjectAndNothingElse(Api api) {
        String org = "cleanorg-" + api.ordinal();
        String ws = "org-cleanup";
        Projects ann = Projects.of(api, "ann", org, ws);
        Projects bob = Projects.of(api, "bob", org, ws);
        Projects annElsewhere = Projects.of(Api.SELF_HOSTED_SEED, "ann", org, "org-cleanup-other");
        Projects eve = Projects.of(api, "eve", org + "-other", ws);

        Set<String> shared = new HashSet<>();
        for (int i = 0; i < 12; i++) {
            shared.add((i % 2 == 0 ? ann : bob).save(Map.of("name", "Shared " + i, "scope", "organization")));
        }
        String alreadyDeleted = bob.save(Map.of("name", "Gone before", "scope", "organization"));
        bob.cleanup(alreadyDeleted, "organization").then().statusCode(200);
        List<String> untouched = new ArrayList<>();
        untouched.add(ann.create("Ann's own"));
        untouched.add(bob.create("Bob's own"));
        untouched.add(annElsewhere.save(Map.of("name", "Shared, other workspace", "scope", "organization")));
        untouched.add(eve.save(Map.of("name", "Other organization", "scope", "organization")));

        bob.cleanup(null, "organization").then().statusCode(200)
                .body("data.deleted_count", equalTo(shared.size()));
        for (String id : shared) {
            assertEquals(List.of("ProjectDeleted"), lastType(id), id + " was not deleted");
            ann.request().queryParam("project_id", id).queryParam("scope", "organization").get(ann.path("load"))
                    .then().statusCode(404);
        }
        assertEquals(2, log.types(alreadyDeleted).size(), "a deleted project is not deleted again");
        for (String id : untouched) {
            assertEquals(1, log.types(id).size(), id + " was touched");
        }
        ann.request().queryParam("scopes", "organization").get(ann.path("list")).then().statusCode(200)
                .body("data.size()", equalTo(0));

        // user scope: the caller's own, nothing of anybody else's
        String annSecond = ann.create("Ann's second");
        ann.cleanup(null, "user").then().statusCode(200).body("data.deleted_count", equalTo(2));
        assertEquals(List.of("ProjectDeleted"), lastType(untouched.get(0)));
        assertEquals(List.of("ProjectDeleted"), lastType(annSecond));
        for (String id : untouched.subList(1, untouched.size())) {
            assertEquals(1, log.types(id).size(), id + " was touched by ann's user cleanup");
        }
    }

    private List<String> lastType(String id) {
        List<String> types = log.types(id);
        return types.subList(types.size() - 1, types.size());
    }
}
