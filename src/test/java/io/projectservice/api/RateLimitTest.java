package io.projectservice.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.projectservice.support.Api;
import io.projectservice.support.Await;
import io.projectservice.support.EventLog;
import io.projectservice.support.Metrics;
import io.projectservice.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Per-caller limits. The test profile gives the callers of organization {@code throttled} a bucket
 * of 5 requests refilled at 0.01 per second (one per 100 s, so nothing refills during a test) and
 * those of {@code one-upload} one create-from-context request in flight; everyone else has limits
 * no test reaches.
 */
@QuarkusTest
class RateLimitTest {
    private static final String RATE = "projects_requests_refused_total{reason=\"rate_limited\"}";
    private static final String UPLOADS = "projects_requests_refused_total{reason=\"concurrent_uploads\"}";

    @Inject
    EventLog log;

    @Inject
    Pool pool;

    @Test
    void aCallerOverItsRateGets429WithRetryAfterAndTheOthersAreUnaffected() {
        double refusedBefore = Metrics.value(RATE);
        for (int i = 1; i <= 5; i++) {
            Response ok = list("rl-ann", "throttled");
            ok.then().statusCode(200)
                    .header("RateLimit-Policy", equalTo("\"caller\";q=5;w=500"))
                    .header("RateLimit", matchesPattern("\"caller\";r=" + (5 - i) + ";t=\\d+"));
        }
        long events = log.count();
        Response refused = Api.as("rl-ann", "throttled").body(Map.of("project", Map.of("name", "Over the rate")))
                .post(Api.SELF_HOSTED_SEED.path("rl-ann", "throttled", "rl", "save"));
        refused.then().statusCode(429)
                .body("status", equalTo("error")).body("data", nullValue())
                // no whole token for about 100 s (a little less as the test runs)
                .body("message", matchesPattern("Too many requests: each caller may send 0\\.01 requests per second"
                        + " \\(bursts of up to 5\\); retry in (9\\d|100) seconds"))
                .header("Retry-After", matchesPattern("9\\d|100"))
                .header("RateLimit-Policy", equalTo("\"caller\";q=5;w=500"))
                .header("RateLimit", matchesPattern("\"caller\";r=0;t=(49\\d|500)"))
                .header("X-Request-Id", matchesPattern(".+"));
        assertEquals(events, log.count(), "the refused save appended nothing");
        assertEquals(refusedBefore + 1, Metrics.value(RATE), "counted as rate_limited");
        // the same caller on the hosted prefix is the same caller
        given().header("Authorization", Tokens.bearer("rl-ann", "throttled"))
                .get(Api.HOSTED_SEED.path("rl-ann", "throttled", "rl", "list")).then().statusCode(429);

        // another user of the same organization has a bucket of its own, and so has everyone else
        for (int i = 0; i < 5; i++) {
            list("rl-bob", "throttled").then().statusCode(200);
        }
        for (int i = 0; i < 50; i++) {
            list("rl-cat", "acme").then().statusCode(200);
        }
        Api.as("rl-cat", "acme").body(Map.of("project", Map.of("name", "Unaffected")))
                .post(Api.SELF_HOSTED_SEED.path("rl-cat", "acme", "rl", "save")).then().statusCode(200)
                .header("RateLimit-Policy", equalTo("\"caller\";q=100000;w=1"));
        list("rl-ann", "throttled").then().statusCode(429);
    }

    @Test
    void requestsWithoutAValidTokenSpendNobodysBudget() {
        // forged and unsigned tokens naming the caller: 401 each, before the limiter
        for (int i = 0; i < 10; i++) {
            given().header("Authorization", "Bearer " + Tokens.signedByAnotherKey("rl-dan", "throttled"))
                    .get(Api.SELF_HOSTED_SEED.path("rl-dan", "throttled", "rl", "list"))
                    .then().statusCode(401).header("RateLimit", nullValue());
            given().header("Authorization", "Bearer " + Tokens.unsigned("rl-dan", "throttled"))
                    .get(Api.SELF_HOSTED_SEED.path("rl-dan", "throttled", "rl", "list")).then().statusCode(401);
        }
        for (int i = 0; i < 5; i++) {
            list("rl-dan", "throttled").then().statusCode(200);
        }
        list("rl-dan", "throttled").then().statusCode(429);
    }

    @Test
    void aCallerMayHaveOnlyItsShareOfUploadsInFlight() throws Exception {
        double refusedBefore = Metrics.value(UPLOADS);
        String url = Api.SELF_HOSTED_SEED.path("rl-eve", "one-upload", "rl", "create-from-context");
        CompletableFuture<Response> first;
        // the first upload stays in flight while the test holds the job table
        var tx = pool.getConnection().await().atMost(Duration.ofSeconds(10));
        try {
            tx.query("BEGIN").execute().await().atMost(Duration.ofSeconds(10));
            tx.query("LOCK TABLE analysis_jobs IN EXCLUSIVE MODE").execute().await().atMost(Duration.ofSeconds(10));
            first = CompletableFuture.supplyAsync(() -> upload("rl-eve", url, "Customers buy products in stores."));
            Await.until("the first upload waits on the job table", Duration.ofSeconds(30), () -> waitingOnJobs() > 0);

            Response second = upload("rl-eve", url, "Suppliers deliver parts to plants.");
            second.then().statusCode(429).body("status", equalTo("error")).body("data", nullValue())
                    .body("message", containsString("each caller may have 1 in flight"))
                    .header("Retry-After", equalTo("5"));
            assertEquals(refusedBefore + 1, Metrics.value(UPLOADS), "counted as concurrent_uploads");
            assertTrue(!first.isDone(), "the first upload is still in flight");
        } finally {
            tx.query("ROLLBACK").execute().await().atMost(Duration.ofSeconds(10));
            tx.close().await().atMost(Duration.ofSeconds(10));
        }
        first.get(60, TimeUnit.SECONDS).then().statusCode(200);
        // its slot came back with its answer
        upload("rl-eve", url, "Patients visit clinics.").then().statusCode(200);
    }

    private long waitingOnJobs() {
        return log.rows("SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation"
                + " WHERE c.relname = 'analysis_jobs' AND NOT l.granted").get(0).getLong(0);
    }

    private static Response upload(String user, String url, String context) {
        return given().header("Authorization", Tokens.bearer(user, "one-upload"))
                .multiPart("context", context).post(url);
    }

    private static Response list(String user, String org) {
        return given().header("Authorization", Tokens.bearer(user, org))
                .get(Api.SELF_HOSTED_SEED.path(user, org, "rl", "list"));
    }
}
