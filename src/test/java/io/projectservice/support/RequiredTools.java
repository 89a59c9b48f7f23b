package io.projectservice.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Outside programs some tests need (Tesseract, Python with requests, kubectl). On a developer's
 * machine a missing one skips the test with the reason; in CI ({@code CI=true}, as .ci/run is
 * run there) it fails it, so a CI machine without the tool cannot go green unchecked.
 */
public final class RequiredTools {
    private RequiredTools() {
    }

    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Skips (outside CI) or fails (in CI) the calling test when {@code available} is false. */
    public static void require(boolean available, String what) {
        if (available) {
            return;
        }
        if (inCi()) {
            fail(what + " is missing on this CI machine (.ci/run installs it where it can)");
        }
        Assumptions.abort(what + " is not installed: skipped here, required in CI");
    }

    /** Whether {@code command} runs and exits 0 within 30 s. */
    public static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
