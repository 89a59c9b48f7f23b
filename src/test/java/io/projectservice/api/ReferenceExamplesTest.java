package io.projectservice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.projectservice.support.RequiredTools;
import io.projectservice.support.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the seed reference's Python examples, unmodified, against this service through both
 * prefixes. Needs a Python 3 with the requests package: required in CI, skipped elsewhere
 * without one. The script gets 60 s; its output goes to a file, so a script that hangs is ended
 * at the bound instead of holding the build.
 */
@QuarkusTest
class ReferenceExamplesTest {
    private static final long BOUND_SECONDS = 60;

    @TestHTTPResource("/")
    URL root;

    @ParameterizedTest
    @ValueSource(strings = {"api/v1", "jarvispy/my-org/my-user/api/v1"})
    void referenceExamplesRunUnmodified(String prefix, @TempDir Path tmp) throws Exception {
        String python = pythonWithRequests();
        RequiredTools.require(python != null, "python3 with the requests package");
        Path script = tmp.resolve("reference_examples.py");
        try (var in = getClass().getResourceAsStream("/reference/reference_examples.py")) {
            Files.write(script, in.readAllBytes());
        }
        Path out = tmp.resolve("output.txt");
        ProcessBuilder pb = new ProcessBuilder(python, script.toString()).redirectErrorStream(true)
                .redirectOutput(out.toFile());
        pb.environment().put("BASE_URL", root.toString() + prefix);
        pb.environment().put("TOKEN", Tokens.of("my-user", "my-org"));
        pb.environment().put("STEPS", "save,list,load,export,import,copy,cleanup");
        Process p = pb.start();
        boolean finished = p.waitFor(BOUND_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertTrue(finished, "the examples did not finish within " + BOUND_SECONDS + " s; output so far:\n" + output);
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("ok: cleanup of all user projects"), output);
    }

    /** The first of the usual Python 3 commands that has requests, or null. */
    static String pythonWithRequests() {
        for (String python : List.of("python3", "/usr/bin/python3")) {
            if (RequiredTools.runs(python, "-c", "import requests")) {
                return python;
            }
        }
        return null;
    }
}
