package io.projectservice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.projectservice.support.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the seed reference's Python examples, unmodified, against this service through both
 * prefixes. Needs python3 with the requests package (present on this project's machines).
 */
@QuarkusTest
class ReferenceExamplesTest {
    @TestHTTPResource("/")
    URL root;

    @ParameterizedTest
    @ValueSource(strings = {"api/v1", "jarvispy/my-org/my-user/api/v1"})
    void referenceExamplesRunUnmodified(String prefix) throws Exception {
        assumeTrue(pythonWithRequests(), "python3 with the requests package is not installed");
        Path script = Files.createTempFile("reference_examples", ".py");
        try (var in = getClass().getResourceAsStream("/reference/reference_examples.py")) {
            Files.write(script, in.readAllBytes());
        }
        ProcessBuilder pb = new ProcessBuilder("python3", script.toString()).redirectErrorStream(true);
        pb.environment().put("BASE_URL", root.toString() + prefix);
        pb.environment().put("TOKEN", Tokens.of("my-user", "my-org"));
        pb.environment().put("STEPS", "save,list,load,export,import,copy,cleanup");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the examples did not finish");
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("ok: cleanup of all user projects"), output);
        Files.deleteIfExists(script);
    }

    private static boolean pythonWithRequests() throws InterruptedException {
        try {
            return new ProcessBuilder("python3", "-c", "import requests").start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
