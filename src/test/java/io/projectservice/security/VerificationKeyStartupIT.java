package io.projectservice.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service ({@code target/quarkus-app}, prod profile, as the image runs it) started as a
 * process with the {@code api} role: a key that cannot be loaded stops it at startup with a clear log
 * line and a non-zero exit, before it could answer anything; a good key starts it, and then the
 * audience configured by {@code MP_JWT_VERIFY_AUDIENCES} is enforced. Runs after {@code package}
 * (failsafe).
 */
class VerificationKeyStartupIT {
    private static final Path JAR = PackagedService.JAR;
    private static final Path DEV_PUBLIC = Path.of("deploy/local/dev-keys/jwt-public.pem").toAbsolutePath();
    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void database() throws IOException {
        assertTrue(Files.isRegularFile(JAR), JAR + " is built by the package phase");
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopDatabase() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aMissingKeyFileStopsStartup(@TempDir Path tmp) throws Exception {
        String missing = tmp.resolve("jwt/public.pem").toString();
        Result r = runUntilExit(tmp, Map.of("MP_JWT_VERIFY_PUBLICKEY_LOCATION", missing));
        assertNotEquals(0, r.exitCode, r.log);
        assertTrue(r.log.contains("The JWT verification key at '" + missing + "' cannot be loaded"), r.log);
        assertFalse(r.log.contains("Listening on"), "the HTTP server must not have opened:\n" + r.log);
    }

    @Test
    void aFileThatHoldsNoKeyStopsStartup(@TempDir Path tmp) throws Exception {
        Path garbage = Files.writeString(tmp.resolve("public.pem"), "not a key\n");
        Result r = runUntilExit(tmp, Map.of("MP_JWT_VERIFY_PUBLICKEY_LOCATION", garbage.toString()));
        assertNotEquals(0, r.exitCode, r.log);
        assertTrue(r.log.contains("holds no key the service can use"), r.log);
    }

    @Test
    void noKeyConfiguredStopsStartup(@TempDir Path tmp) throws Exception {
        Result r = runUntilExit(tmp, Map.of());
        assertNotEquals(0, r.exitCode, r.log);
        assertTrue(r.log.contains("No JWT verification key is configured"), r.log);
    }

    @Test
    void aGoodKeyStartsAndTheConfiguredAudienceIsRequired(@TempDir Path tmp) throws Exception {
        Path log = tmp.resolve("service.log");
        Process p = start(tmp, log, Map.of("MP_JWT_VERIFY_PUBLICKEY_LOCATION", DEV_PUBLIC.toString(),
                "MP_JWT_VERIFY_ISSUER", "projects-it", "MP_JWT_VERIFY_AUDIENCES", "projects-api"));
        try {
            Pattern listening = Pattern.compile("Listening on: http://[^:]+:(\\d+)");
            Await.until("the service listens (log: " + log + ")", STARTUP,
                    () -> !p.isAlive() || listening.matcher(read(log)).find());
            Matcher m = listening.matcher(read(log));
            assertTrue(m.find(), read(log));
            String base = "http://127.0.0.1:" + m.group(1);
            HttpClient http = HttpClient.newHttpClient();
            var forUs = Jwt.upn("ann").claim("organization", "acme").issuer("projects-it").audience("projects-api");
            var forOthers = Jwt.upn("ann").claim("organization", "acme").issuer("projects-it").audience("elsewhere");
            var signingKey = KeyUtils.decodePrivateKey(Files.readString(Path.of("deploy/local/dev-keys/jwt-private.pem")));
            assertEquals(200, get(http, base + "/q/health/ready", null), () -> read(log));
            assertEquals(200, get(http, base + "/api/v1/projects/list", forUs.sign(signingKey)), () -> read(log));
            assertEquals(401, get(http, base + "/api/v1/projects/list", forOthers.sign(signingKey)), () -> read(log));
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private record Result(int exitCode, String log) {
    }

    private static Result runUntilExit(Path tmp, Map<String, String> env) throws Exception {
        Path log = tmp.resolve("service.log");
        Process p = start(tmp, log, env);
        if (!p.waitFor(STARTUP.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("still running after " + STARTUP + ":\n" + read(log));
        }
        return new Result(p.exitValue(), read(log));
    }

    private static Process start(Path tmp, Path log, Map<String, String> env) throws IOException {
        return PackagedService.start(tmp, log, postgres.getPort(), env);
    }

    private static int get(HttpClient http, String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String read(Path log) {
        return PackagedService.read(log);
    }
}
