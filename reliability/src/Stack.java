import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The local stack's parts, driven through deploy/local/component.sh (which starts a part again
 * exactly as run.sh did, and waits until it is ready).
 */
final class Stack {
    private final Path root;
    private final Path local;
    private final Http http;

    Stack(Path root, Path local, Http http) {
        this.root = root;
        this.local = local;
        this.http = http;
    }

    /** Runs component.sh ACTION NAME; returns the seconds it took. Throws when it fails. */
    double component(String action, String name) {
        return component(action, name, Map.of());
    }

    /**
     * {@link #component(String, String)} with more environment variables: a part started this way
     * runs with them (the recorded command line sets only its own), e.g. PROJECTS_ROLES.
     */
    double component(String action, String name, Map<String, String> env) {
        long t0 = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(root.resolve("deploy/local/component.sh").toString(), action, name)
                .directory(root.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("component.sh " + action + " " + name + " failed: " + out);
            }
            Log.info("  component.sh %s %s: %s", action, name, out.replace('\n', ' '));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** The stack's own directory (LOCAL_DIR): pids, logs. */
    Path local() {
        return local;
    }

    /** The pid of a part from its pid file, or -1. */
    long pid(String name) {
        try {
            return Long.parseLong(Files.readString(local.resolve("pids/" + name + ".pid")).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    boolean alive(String name) {
        long pid = pid(name);
        return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    boolean serviceReady() {
        Http.Resp r = http.get("/q/health/ready").timeout(java.time.Duration.ofSeconds(3)).send();
        return r.status() == 200 && r.body() != null && r.body().contains("\"UP\"");
    }

    /** Brings every part back up (after a scenario that failed midway) and waits for readiness. */
    void ensureAllUp() {
        for (String name : new String[] {"pg", "kafka", "service"}) {
            if (!alive(name)) {
                Log.info("  %s is down after the scenario: starting it again", name);
                component("start", name);
            }
        }
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!serviceReady()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the service is not ready");
            }
            Log.sleep(500);
        }
    }
}
