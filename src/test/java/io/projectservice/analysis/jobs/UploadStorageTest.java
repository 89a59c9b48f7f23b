package io.projectservice.analysis.jobs;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.projectservice.config.ServiceConfig;
import io.projectservice.errors.Refusal;
import io.projectservice.projects.ProjectIds;
import io.projectservice.support.Await;
import io.projectservice.support.EventLog;
import io.projectservice.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Uploads go to PostgreSQL in chunks, with the sha256 of what was sent, and are read back in
 * chunks by the worker; their bytes are dropped when the job is done. (That no request and no
 * worker holds a whole file in its heap is measured by bench/upload-memory.sh, not here.)
 */
@QuarkusTest
class UploadStorageTest {
    private static final String WS = "uploads";
    private static final String PATH = "/api/v1/projects/" + WS + "/create-from-context";
    private static final Duration DB = Duration.ofSeconds(30);

    @Inject
    AnalysisJobs jobs;

    @Inject
    AnalysisWorker worker;

    @Inject
    UploadStorage storage;

    @Inject
    SpoolDirectory spool;

    @Inject
    ServiceConfig config;

    @Inject
    EventLog log;

    @Inject
    Pool pool;

    @Test
    void aTwentyMegabyteUploadIsStoredInChunksWithItsSha256AndDroppedWhenTheJobIsDone() throws Exception {
        byte[] content = new byte[20_000_000];
        new Random(11).nextBytes(content);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        int chunkBytes = config.createFromContext().chunkBytes();
        String jobId;
        worker.stop(); // the job stays queued, so its stored chunks can be looked at
        try {
            jobId = asAnn().multiPart("context", "Measurements from the bakery's ovens.")
                    .multiPart("files", "ovens.bin", content, "application/octet-stream")
                    .queryParam("wait", 0).post(PATH).then().statusCode(202).extract().path("data.job_id");
            Row file = log.rows("SELECT size, sha256 FROM analysis_uploads WHERE job_id = $1", jobId).get(0);
            assertEquals(content.length, file.getLong(0));
            assertEquals(sha256, file.getString(1));
            Row chunks = log.rows("SELECT count(*), max(length(bytes)), sum(length(bytes)),"
                    + " encode(sha256(string_agg(bytes, ''::bytea ORDER BY chunk_index)), 'hex')"
                    + " FROM analysis_upload_chunks WHERE job_id = $1", jobId).get(0);
            assertEquals((content.length + chunkBytes - 1) / chunkBytes, chunks.getLong(0), "chunks");
            assertEquals(chunkBytes, chunks.getInteger(1), "the largest chunk");
            assertEquals(content.length, chunks.getLong(2), "bytes stored");
            assertEquals(sha256, chunks.getString(3), "the chunks, in order, are the upload");
        } finally {
            worker.start();
        }
        String id = jobId;
        Await.until("the job succeeds", Duration.ofSeconds(60),
                () -> "succeeded".equals(jobs.find(pool, id).await().atMost(DB).state()));
        asAnn().get(PATH + "/jobs/" + jobId).then().statusCode(200)
                .body("data.result.analysis.files[0].name", equalTo("ovens.bin"))
                .body("data.result.analysis.files[0].size", equalTo(content.length))
                .body("data.result.analysis.files[0].sha256", equalTo(sha256))
                // read back whole and checked: it is a kind of file nothing can be extracted from
                .body("data.result.analysis.files[0].error", not(emptyOrNullString()));
        assertEquals(0, log.rows("SELECT count(*) FROM analysis_upload_chunks WHERE job_id = $1", jobId).get(0)
                .getLong(0), "a finished job's bytes are gone");
        assertEquals(sha256, log.rows("SELECT sha256 FROM analysis_uploads WHERE job_id = $1", jobId).get(0)
                .getString(0), "its description stays");
        try (Stream<Path> left = Files.list(spool.directory())) {
            assertEquals(List.of(), left.toList(), "the worker's spool files are deleted");
        }
    }

    @Test
    void theLimitsHoldOnTheBytesReadWhateverSizeWasDeclared() throws Exception {
        long limit = config.createFromContext().maxFileBytes();
        Path big = Files.createTempFile("upload-test", ".bin");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(limit + 1); // sparse: read as zeros
        }
        String jobId = ProjectIds.generate();
        var job = new AnalysisJobs.Job(jobId, WS, "user", "ann", "acme", "test", "context", List.of(),
                AnalysisJobs.QUEUED, 0, 0, null, null, null, null, null);
        try {
            Refusal refused = assertThrows(Refusal.class, () -> pool.withTransaction(tx -> jobs.insert(tx, job)
                    .flatMap(x -> storage.store(tx, jobId, List.of(new UploadStorage.Incoming("big.bin", null, big)))))
                    .await().atMost(DB));
            assertEquals(Refusal.Kind.TOO_LARGE, refused.kind());
            assertEquals("file_too_large", refused.code());
            assertEquals("File 'big.bin' is larger than the limit of " + limit + " bytes per file",
                    refused.getMessage());
        } finally {
            Files.deleteIfExists(big);
        }
        assertEquals(0, log.rows("SELECT count(*) FROM analysis_jobs WHERE job_id = $1", jobId).get(0).getLong(0));
        assertEquals(0, log.rows("SELECT count(*) FROM analysis_upload_chunks WHERE job_id = $1", jobId).get(0)
                .getLong(0));
    }

    private static io.restassured.specification.RequestSpecification asAnn() {
        return RestAssured.given().header("Authorization", Tokens.bearer("ann", "acme"));
    }
}
