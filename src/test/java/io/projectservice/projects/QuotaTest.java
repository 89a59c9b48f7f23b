package io.projectservice.projects;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.projectservice.support.Api;
import io.projectservice.support.EventLog;
import io.projectservice.support.Metrics;
import io.projectservice.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Quotas per organization, with the small ones the test profile gives a few organizations:
 * {@code quota-projects} 3 live projects, {@code quota-race} 5, {@code quota-bytes} 30,000 bytes
 * of history, {@code quota-snapshots} 2 snapshots per project. A refused request answers its
 * sentence in the envelope and stores nothing (the log, the stream heads and the job table are
 * counted before and after).
 */
@QuarkusTest
class QuotaTest {
    private static final String WS = "quota";

    @Inject
    EventLog log;

    @Test
    void anOrganizationAtItsProjectQuotaCreatesNoMoreProjectsUntilItDeletesOne() {
        String org = "quota-projects";
        double refusedBefore = refused("quota_projects");
        String first = save("qp-ann", org, Map.of("name", "One")).then().statusCode(200).extract().path("data.project_id");
        // a user's own projects count towards the organization too
        save("qp-bob", org, Map.of("name", "Two")).then().statusCode(200);
        save("qp-ann", org, Map.of("name", "Three", "scope", "organization")).then().statusCode(200);

        Counts before = counts(org);
        String sentence = "Organization 'quota-projects' has 3 projects, its quota of 3; delete projects it no"
                + " longer needs, or ask an operator for a larger quota";
        refusedWith(save("qp-cat", org, Map.of("name", "Four")), 403, sentence);
        refusedWith(as("qp-ann", org).body(Map.of("project_id", first)).post(path("qp-ann", org, "copy")), 403,
                sentence);
        refusedWith(as("qp-ann", org).body(Map.of("template_id", "builtin.payment-fraud"))
                .post(path("qp-ann", org, "import-template")), 403, sentence);
        refusedWith(given().header("Authorization", Tokens.bearer("qp-ann", org))
                .multiPart("context", "Customers order products.").post(path("qp-ann", org, "create-from-context")),
                403, sentence);
        assertEquals(before, counts(org), "the refused requests stored nothing");
        assertEquals(refusedBefore + 4, refused("quota_projects"), "each refusal counted");

        // changing a project it has is not creating one
        save("qp-ann", org, Map.of("id", first, "description", "still fine")).then().statusCode(200);
        // deleting one makes room for one
        as("qp-ann", org).body(Map.of("project", Map.of("id", first))).post(path("qp-ann", org, "cleanup"))
                .then().statusCode(200);
        save("qp-cat", org, Map.of("name", "Four, after a deletion")).then().statusCode(200);
        refusedWith(save("qp-cat", org, Map.of("name", "Five")), 403, sentence);
    }

    @Test
    void concurrentCreationsPassTheQuotaNotOnceAcrossThem() throws Exception {
        String org = "quota-race";
        int writers = 20;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < writers; i++) {
                String user = "qr-" + i;
                answers.add(pool.submit(() -> {
                    start.await();
                    return save(user, org, Map.of("name", "Racing " + user)).statusCode();
                }));
            }
            start.countDown();
            int ok = 0;
            int refused = 0;
            for (Future<Integer> answer : answers) {
                int status = answer.get(60, TimeUnit.SECONDS);
                ok += status == 200 ? 1 : 0;
                refused += status == 403 ? 1 : 0;
            }
            assertEquals(5, ok, "exactly the quota's projects were created");
            assertEquals(writers - 5, refused, "every other creation was refused");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(5, counts("quota-race").liveProjects(), "5 live projects in the organization");
    }

    @Test
    void anOrganizationOutOfStoredBytesIsRefusedWith413AndMayStillDelete() {
        String org = "quota-bytes";
        double refusedBefore = refused("quota_bytes");
        Map<String, Object> metadata = Map.of("notes", "x".repeat(8_000));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(save("qb-ann", org, Map.of("name", "Heavy " + i, "metadata", metadata)).then().statusCode(200)
                    .extract().path("data.project_id"));
        }
        Counts before = counts(org);
        assertTrue(before.storedBytes() > 24_000 && before.storedBytes() <= 30_000,
                "three saves of 8 KB counted: " + before.storedBytes());

        Response refused = save("qb-ann", org, Map.of("id", ids.get(0), "metadata", Map.of("notes", "y".repeat(8_000))));
        refused.then().statusCode(413).body("status", equalTo("error")).body("data", nullValue());
        String message = refused.path("message");
        assertTrue(message.startsWith("Organization 'quota-bytes' stores " + before.storedBytes() + " bytes of project"
                + " history; this change ("), message);
        assertTrue(message.endsWith("would pass its quota of 30000 bytes (the history of deleted projects counts"
                + " too); ask an operator for a larger quota"), message);
        assertEquals(before, counts(org), "the refused save stored nothing");
        assertEquals(refusedBefore + 1, refused("quota_bytes"));

        // cleaning up is never refused, but the log keeps what was written
        as("qb-ann", org).body(Map.of("project", Map.of("id", ids.get(1)))).post(path("qb-ann", org, "cleanup"))
                .then().statusCode(200);
        save("qb-ann", org, Map.of("name", "Heavy again", "metadata", metadata)).then().statusCode(413);
        // a small change still fits
        save("qb-ann", org, Map.of("id", ids.get(0), "description", "small")).then().statusCode(200);
    }

    @Test
    void aProjectHoldsAtMostItsQuotaOfSnapshots() {
        String org = "quota-snapshots";
        double refusedBefore = refused("quota_snapshots");
        String id = save("qs-ann", org, Map.of("name", "Snapshotted")).then().statusCode(200)
                .extract().path("data.project_id");
        String first = snapshot(id).then().statusCode(200).extract().path("data.snapshot_id");
        snapshot(id).then().statusCode(200);

        Counts before = counts(org);
        String sentence = "Project '" + id + "' has 2 snapshots, the most one project may keep (2); delete one first";
        refusedWith(snapshot(id), 403, sentence);
        refusedWith(as("qs-ann", org).body(Map.of("project_id", id, "snapshot_id", first))
                .post(path("qs-ann", org, "snapshots/restore")), 403,
                sentence + ", or restore with \"create_safety_snapshot\": false");
        assertEquals(before, counts(org), "the refused requests stored nothing");
        assertEquals(refusedBefore + 2, refused("quota_snapshots"));

        as("qs-ann", org).body(Map.of("project_id", id, "snapshot_id", first, "create_safety_snapshot", false))
                .post(path("qs-ann", org, "snapshots/restore")).then().statusCode(200);
        as("qs-ann", org).body(Map.of("project_id", id, "snapshot_id", first))
                .post(path("qs-ann", org, "snapshots/delete")).then().statusCode(200);
        snapshot(id).then().statusCode(200);
        as("qs-ann", org).get(path("qs-ann", org, "snapshots/list") + "?project_id=" + id)
                .then().statusCode(200).body("data.size()", equalTo(2));
    }

    /** What an organization has stored: events, stream heads, live projects, bytes, analysis jobs. */
    record Counts(long events, long streams, long liveProjects, long storedBytes, long jobs) {
    }

    private Counts counts(String org) {
        var row = log.rows("SELECT (SELECT count(*) FROM project_events e JOIN project_streams s USING (stream_id)"
                + "   WHERE s.organization = $1),"
                + " count(*), count(*) FILTER (WHERE NOT deleted), coalesce(sum(stored_bytes), 0)::bigint,"
                + " (SELECT count(*) FROM analysis_jobs WHERE organization = $1)"
                + " FROM project_streams WHERE organization = $1", org).get(0);
        return new Counts(row.getLong(0), row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4));
    }

    private static void refusedWith(Response response, int status, String message) {
        response.then().statusCode(status).body("status", equalTo("error")).body("data", nullValue())
                .body("message", equalTo(message));
    }

    private static double refused(String reason) {
        return Metrics.value("projects_requests_refused_total{reason=\"" + reason + "\"}");
    }

    private static Response save(String user, String org, Map<String, Object> project) {
        return as(user, org).body(Map.of("project", project)).post(path(user, org, "save"));
    }

    private static Response snapshot(String id) {
        return as("qs-ann", "quota-snapshots").body(Map.of("project_id", id))
                .post(path("qs-ann", "quota-snapshots", "snapshots/create"));
    }

    private static io.restassured.specification.RequestSpecification as(String user, String org) {
        return Api.as(user, org);
    }

    private static String path(String user, String org, String action) {
        return Api.SELF_HOSTED_SEED.path(user, org, WS, action);
    }
}
