package io.projectservice.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged service ({@code target/quarkus-app}, prod profile, as the image runs it) as a
 * process of an integration test: the {@code api} role on a database of the test's, a free port,
 * plain-text logs to a file, and none of the caller's own service settings.
 */
public final class PackagedService {
    public static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^:]+:(\\d+)");

    private PackagedService() {
    }

    /** Starts it in {@code dir} with its log at {@code log}; {@code env} comes on top of the defaults. */
    public static Process start(Path dir, Path log, int postgresPort, Map<String, String> env) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx128m", "-jar", JAR.toAbsolutePath().toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> e = pb.environment();
        e.keySet().removeIf(k -> k.startsWith("MP_JWT") || k.startsWith("SMALLRYE_JWT") || k.startsWith("QUARKUS_")
                || k.startsWith("PROJECTS_") || k.startsWith("KAFKA_") || k.startsWith("DB_") || k.equals("PORT"));
        e.put("PROJECTS_ROLES", "api");
        e.put("PORT", "0");
        e.put("LOG_JSON", "false");
        e.put("DB_URL", "postgresql://127.0.0.1:" + postgresPort + "/postgres");
        e.put("DB_USER", "postgres");
        e.put("DB_PASSWORD", "postgres");
        e.putAll(env);
        return pb.start();
    }

    /** {@code http://127.0.0.1:<port>} once the log says it listens; fails if it exits first. */
    public static String awaitListening(Process p, Path log, Duration within) {
        Await.until("the service listens (log: " + log + ")", within,
                () -> !p.isAlive() || LISTENING.matcher(read(log)).find());
        Matcher m = LISTENING.matcher(read(log));
        if (!m.find()) {
            throw new AssertionError("the service did not start:\n" + read(log));
        }
        return "http://127.0.0.1:" + m.group(1);
    }

    public static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "<unreadable log: " + e + ">";
        }
    }
}
