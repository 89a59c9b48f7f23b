package io.projectservice.sharing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.projectservice.support.Await;
import io.projectservice.support.PackagedService;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of the packaged service on one database (the {@code api} role each, as two
 * replicas run): the owner revokes a share on instance A while the recipient's loads keep going to
 * instance B. Every load B answers that began after A answered the revoke is a 404; none needs a
 * cache to expire or an event to be relayed first. Runs after {@code package} (failsafe).
 */
class RevokeAcrossInstancesIT {
    private static final Path DEV_PUBLIC = Path.of("deploy/local/dev-keys/jwt-public.pem").toAbsolutePath();
    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void database() throws IOException {
        assertTrue(Files.isRegularFile(PackagedService.JAR), PackagedService.JAR + " is built by the package phase");
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopDatabase() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aRevokeOnOneInstanceIsHonouredByTheNextRequestOnAnother(@TempDir Path tmp) throws Exception {
        List<Process> processes = new ArrayList<>();
        try {
            // A first, alone: it applies the migrations; then B
            String a = start(tmp.resolve("a"), processes);
            String b = start(tmp.resolve("b"), processes);
            PrivateKey key = KeyUtils.decodePrivateKey(Files.readString(Path.of("deploy/local/dev-keys/jwt-private.pem")));
            String ann = Jwt.upn("ann").claim("organization", "acme").issuer("projects-it").sign(key);
            String bea = Jwt.upn("bea").claim("organization", "globex").issuer("projects-it").sign(key);

            String id = post(a, ann, "save", "{\"project\":{\"name\":\"Shared across replicas\"}}")
                    .at("/data/project_id").asText();
            String shareId = post(a, ann, "share", "{\"project_id\":\"" + id + "\",\"recipient\":{\"username\":\"bea\","
                    + "\"organization\":\"globex\"},\"share_role\":\"viewer\"}").at("/data/share_id").asText();
            assertEquals("accepted", post(b, bea, "share/accept", "{\"share_id\":\"" + shareId + "\"}")
                    .at("/data/status").asText());
            assertEquals(200, load(b, bea, id));

            // bea's loads on B run all along; each records when it started and what it got
            record Load(long started, int status) {
            }
            AtomicLong clock = new AtomicLong();
            AtomicBoolean running = new AtomicBoolean(true);
            ConcurrentLinkedQueue<Load> loads = new ConcurrentLinkedQueue<>();
            Thread recipient = new Thread(() -> {
                while (running.get()) {
                    long started = clock.incrementAndGet();
                    try {
                        loads.add(new Load(started, load(b, bea, id)));
                    } catch (Exception e) {
                        loads.add(new Load(started, -1));
                    }
                }
            });
            recipient.start();
            Await.until("bea's loads on B are under way", Duration.ofSeconds(30), () -> loads.size() >= 5);
            assertEquals("revoked", post(a, ann, "share/revoke", "{\"share_id\":\"" + shareId + "\"}")
                    .at("/data/status").asText());
            long revokedAt = clock.incrementAndGet();
            // the very next request on B
            assertEquals(404, load(b, bea, id), "the first load on B after A answered the revoke");
            Await.until("more of bea's loads after the revoke", Duration.ofSeconds(30),
                    () -> loads.stream().filter(l -> l.started() > revokedAt).count() >= 5);
            running.set(false);
            recipient.join(30_000);

            List<Load> before = loads.stream().filter(l -> l.started() < revokedAt).toList();
            List<Load> after = loads.stream().filter(l -> l.started() > revokedAt).toList();
            assertTrue(before.stream().anyMatch(l -> l.status() == 200), "bea could load before: " + before);
            assertEquals(List.of(), after.stream().filter(l -> l.status() != 404).toList(),
                    "every load B began after the revoke was answered is a 404");
        } finally {
            for (Process p : processes) {
                p.destroy();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    private static String start(Path dir, List<Process> processes) throws Exception {
        Files.createDirectories(dir);
        Path log = dir.resolve("service.log");
        Process p = PackagedService.start(dir, log, postgres.getPort(), Map.of(
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", DEV_PUBLIC.toString(), "MP_JWT_VERIFY_ISSUER", "projects-it"));
        processes.add(p);
        return PackagedService.awaitListening(p, log, STARTUP) + "/api/v1/ontologies/";
    }

    private static JsonNode post(String base, String token, String action, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + action))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), action + ": " + r.body());
        return JSON.readTree(r.body());
    }

    private static int load(String base, String token, String id) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "load?project_id=" + id))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
