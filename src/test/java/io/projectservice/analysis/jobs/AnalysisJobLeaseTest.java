package io.projectservice.analysis.jobs;

import io.projectservice.analysis.AnalysisResult;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.projectservice.config.ServiceConfig;
import io.projectservice.projects.ProjectIds;
import io.projectservice.support.Await;
import io.projectservice.support.EventLog;
import io.projectservice.support.OpenAiStub;
import io.projectservice.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.utils.Utils;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The life of an analysis job under its lease: only the current lease holder completes it, once,
 * into the one project id derived from it; a job that never finishes fails after its attempts and
 * stops holding up its Kafka partition.
 */
@QuarkusTest
class AnalysisJobLeaseTest {
    private static final String WS = "leases";
    private static final String PATH = "/api/v1/projects/" + WS + "/create-from-context";
    private static final String CONTEXT = "A bakery sells cakes to customers. Each customer places orders.";
    private static final Duration DB = Duration.ofSeconds(10);
    private static final AnalysisResult RESULT = new AnalysisResult("Bakery", "Cakes and orders.",
            List.of(new AnalysisResult.Node("cake", "Cake", "A cake", null)), List.of(), AnalysisResult.OFFLINE, null,
            "test");

    @Inject
    AnalysisJobs jobs;

    @Inject
    AnalysisCompletion completion;

    @Inject
    AnalysisWorker worker;

    @Inject
    UploadStorage storage;

    @Inject
    ServiceConfig config;

    @Inject
    EventLog log;

    @Inject
    Pool pool;

    @ConfigProperty(name = OpenAiStub.PORT_PROPERTY)
    int stubPort;

    WireMock stub;

    @BeforeEach
    void stubAnswersNothing() {
        stub = new WireMock("localhost", stubPort);
        stub.resetMappings();
    }

    @Test
    void onlyTheCurrentLeaseHolderCompletesAndOnlyOnce() {
        worker.stop();
        try {
            String jobId = submitAndLeaveQueued();
            AnalysisJobs.Claimed stale = jobs.claim(pool, jobId, Duration.ofMillis(500), 3, "stale worker")
                    .await().atMost(DB);
            assertNotNull(stale);
            AnalysisJobs.Claimed current = claimOnceFree(jobId, "current worker");
            assertEquals(stale.lease().token() + 1, current.lease().token());
            String projectId = ProjectIds.forAnalysisJob(jobId);

            // the worker that outlived its lease finishes its analysis: refused, nothing created
            assertEquals(AnalysisCompletion.Outcome.LEASE_LOST, complete(stale));
            assertEquals(List.of(), log.types(projectId));
            assertEquals("extracting", job(jobId).state());

            assertEquals(AnalysisCompletion.Outcome.COMPLETED, complete(current));
            assertEquals(List.of("ProjectCreated", "ContextAnalyzed"), log.types(projectId));
            assertEquals("succeeded", job(jobId).state());
            assertEquals(projectId, job(jobId).projectId());

            // neither the stale worker nor a repeat of the current one's completion adds anything
            assertEquals(AnalysisCompletion.Outcome.LEASE_LOST, complete(stale));
            assertEquals(AnalysisCompletion.Outcome.LEASE_LOST, complete(current));
            // nor does the stale worker's progress, renewal or failure
            assertTrue(!jobs.renew(pool, stale.lease(), Duration.ofMinutes(1)).await().atMost(DB));
            assertTrue(!jobs.fail(stale.lease(), "stale").await().atMost(DB));
            assertEquals(1, projectsOf(jobId));
            assertEquals("succeeded", job(jobId).state());
        } finally {
            worker.start();
        }
    }

    @Test
    void theLeaseIsRenewedWhileAnLlmCallLongerThanTheLeaseRuns() {
        Duration lease = config.createFromContext().lease();
        stub.register(post(urlPathEqualTo("/v1/chat/completions")).willReturn(okJson(OpenAiStub.completion(
                "{\"name\": \"Slow Bakery\", \"nodes\": [], \"edges\": []}")).withFixedDelay(5_000)));
        try {
            String jobId = submitAndLeaveQueued();
            Await.until("the worker calls the LLM", Duration.ofSeconds(30),
                    () -> "analyzing".equals(job(jobId).state()));
            long analyzingSince = System.nanoTime();
            // another worker tries to take the job all along the call: the lease never runs out
            Await.until("the job finishes", Duration.ofSeconds(30), () -> {
                AnalysisJobs.Claimed taken = jobs.claim(pool, jobId, lease, 3, "another worker").await().atMost(DB);
                assertEquals(null, taken, "another worker took the job while its LLM call ran");
                return job(jobId).finished();
            });
            Duration observed = Duration.ofNanos(System.nanoTime() - analyzingSince);
            assertTrue(observed.compareTo(lease.multipliedBy(2)) > 0, "the call outlasted two leases: " + observed);
            AnalysisJobs.Job done = job(jobId);
            assertEquals("succeeded", done.state());
            assertEquals(1, done.attempts());
        } finally {
            stub.resetMappings();
        }
    }

    @Test
    void aSecondCompletionCannotCreateASecondProjectEvenPastTheFence() {
        worker.stop();
        try {
            String jobId = submitAndLeaveQueued();
            AnalysisJobs.Claimed claimed = claimOnceFree(jobId, "worker");
            assertEquals(AnalysisCompletion.Outcome.COMPLETED, complete(claimed));
            // as if the fence had let a second completion through (a job row restored from a backup,
            // say): the job's project id is derived from the job, so there is no second one to create
            log.rows("UPDATE analysis_jobs SET state = 'analyzing', lease_until = now() + interval '1 minute'"
                    + " WHERE job_id = $1", jobId);
            assertEquals(AnalysisCompletion.Outcome.ID_TAKEN, complete(claimed));
            assertEquals(1, projectsOf(jobId));
            assertEquals(List.of("ProjectCreated", "ContextAnalyzed"), log.types(ProjectIds.forAnalysisJob(jobId)));
        } finally {
            worker.start();
        }
    }

    @Test
    void aJobWhoseWorkersKeepDyingFailsWithItsReasonAfterItsAttempts() throws Exception {
        int max = config.createFromContext().maxAttempts();
        worker.stop();
        CompletableFuture<Response> waiting;
        String jobId;
        try {
            // the request waits for its result while workers claim the job and die, one after another
            waiting = CompletableFuture.supplyAsync(() -> asAnn().contentType("application/x-www-form-urlencoded")
                    .formParam("context", CONTEXT).queryParam("wait", 60).post(PATH));
            Await.until("the job is stored", Duration.ofSeconds(30), () -> !log.rows(
                    "SELECT job_id FROM analysis_jobs WHERE workspace_id = $1 AND state = 'queued'", WS).isEmpty());
            jobId = log.rows("SELECT job_id FROM analysis_jobs WHERE workspace_id = $1 AND state = 'queued'", WS)
                    .get(0).getString(0);
            for (int i = 0; i < max; i++) {
                claimOnceFree(jobId, "worker " + i + " (dies)");
            }
        } finally {
            worker.start();
        }
        String id = jobId;
        Await.until("the job fails", Duration.ofSeconds(60), () -> "failed".equals(job(id).state()));
        AnalysisJobs.Job failed = job(jobId);
        assertEquals(max, failed.attempts());
        assertEquals("the analysis was attempted " + max + " times without a result; the last attempt: "
                + AnalysisJobs.WORKER_STOPPED, failed.error());
        assertEquals(0, projectsOf(jobId));
        waiting.get().then().statusCode(422).body("data", nullValue())
                .body("message", equalTo("The analysis failed: " + failed.error()));
        asAnn().get(PATH + "/jobs/" + jobId).then().statusCode(200).body("data.state", equalTo("failed"))
                .body("data.attempts", equalTo(max)).body("data.error", equalTo(failed.error()));
    }

    @Test
    void aJobThatFailsEveryTimeEndsFailedAndTheJobBehindItOnItsPartitionCompletes() throws Exception {
        int max = config.createFromContext().maxAttempts();
        int partitions = config.kafka().partitions();
        worker.stop();
        String poisoned = ProjectIds.generate();
        String behind;
        try {
            // a job whose stored file was damaged: every attempt fails reading it back
            Path file = Files.createTempFile("lease-test", ".txt");
            Files.writeString(file, "Customers order cakes.", StandardCharsets.UTF_8);
            store(poisoned, List.of(new UploadStorage.Incoming("notes.txt", "text/plain", file)));
            log.rows("UPDATE analysis_upload_chunks SET bytes = 'tampered'::bytea WHERE job_id = $1", poisoned);
            // and a job after it in the same partition of the analysis topic
            do {
                behind = ProjectIds.generate();
            } while (partition(behind, partitions) != partition(poisoned, partitions));
            store(behind, List.of());
            Files.deleteIfExists(file);
        } finally {
            worker.start();
        }
        String next = behind;
        Await.until("the job behind the poisoned one completes", Duration.ofSeconds(60),
                () -> "succeeded".equals(job(next).state()));
        AnalysisJobs.Job failed = job(poisoned);
        assertEquals("failed", failed.state());
        assertEquals(max, failed.attempts());
        org.hamcrest.MatcherAssert.assertThat(failed.error(), allOf(
                containsString("attempted " + max + " times"),
                containsString("a stored file does not match what was uploaded: file 'notes.txt'")));
        assertEquals(0, projectsOf(poisoned));
        assertEquals(1, projectsOf(behind));
    }

    /** A job created as create-from-context does, under a chosen id. */
    private void store(String jobId, List<UploadStorage.Incoming> files) {
        var job = new AnalysisJobs.Job(jobId, WS, "user", "ann", "acme", "test-" + jobId, CONTEXT, List.of(),
                AnalysisJobs.QUEUED, 0, 0, null, null, null, null, null);
        pool.withTransaction(tx -> jobs.insert(tx, job)
                .flatMap(x -> storage.store(tx, jobId, files))
                .flatMap(stored -> jobs.enqueue(tx, job, stored.size())))
                .await().atMost(DB);
    }

    private static int partition(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private String submitAndLeaveQueued() {
        return asAnn().contentType("application/x-www-form-urlencoded").formParam("context", CONTEXT)
                .queryParam("wait", 0).post(PATH).then().statusCode(202).extract().path("data.job_id");
    }

    /** Claims the job as soon as the previous holder's lease has run out. */
    private AnalysisJobs.Claimed claimOnceFree(String jobId, String holder) {
        AnalysisJobs.Claimed[] claimed = new AnalysisJobs.Claimed[1];
        Await.until(holder + " claims the job", Duration.ofSeconds(30), () -> (claimed[0] = jobs.claim(pool, jobId,
                Duration.ofMillis(500), config.createFromContext().maxAttempts(), holder).await().atMost(DB)) != null);
        return claimed[0];
    }

    private AnalysisCompletion.Outcome complete(AnalysisJobs.Claimed claimed) {
        return completion.complete(claimed.job(), claimed.lease(), List.of(), RESULT).await().atMost(DB);
    }

    private AnalysisJobs.Job job(String jobId) {
        return jobs.find(pool, jobId).await().atMost(DB);
    }

    /** Projects whose first event says this job created them. */
    private long projectsOf(String jobId) {
        return log.rows("SELECT count(*) FROM project_events WHERE type = 'ProjectCreated'"
                + " AND data->'origin'->>'job_id' = $1", jobId).get(0).getLong(0);
    }

    private static io.restassured.specification.RequestSpecification asAnn() {
        return RestAssured.given().header("Authorization", Tokens.bearer("ann", "acme"));
    }
}
