package io.projectservice.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * Runs an embedded PostgreSQL 15 (zonky binaries) for the local stack until SIGTERM/SIGINT.
 *
 * <p>The cluster lives in a kept data directory, so a second run finds the data of the first.
 * On start it makes sure the application role and database exist, then prints one line starting
 * with {@code READY} that deploy/local/run.sh waits for.
 *
 * <p>Options (each also read from the environment variable in brackets):
 * {@code --port N} [PG_PORT, 55432], {@code --data DIR} [PG_DATA, .local/pg/data],
 * {@code --bin DIR} [PG_BIN_DIR, .local/pg/bin: where the binaries are unpacked],
 * {@code --db NAME} [PG_DB, projects], {@code --user NAME} [PG_USER, projects],
 * {@code --password PW} [PG_PASSWORD, projects].
 */
public final class LocalPostgres {

    private static final Set<String> FLAGS = Set.of("--port", "--data", "--bin", "--db", "--user", "--password");

    private LocalPostgres() {
    }

    public static void main(String[] args) throws Exception {
        for (int i = 0; i < args.length; i += 2) {
            if (!FLAGS.contains(args[i]) || i + 1 >= args.length) {
                System.err.println("usage: LocalPostgres [--port N] [--data DIR] [--bin DIR] [--db NAME]"
                        + " [--user NAME] [--password PW]");
                System.exit(2);
            }
        }
        int port = Integer.parseInt(option(args, "--port", "PG_PORT", "55432"));
        Path data = Path.of(option(args, "--data", "PG_DATA", ".local/pg/data")).toAbsolutePath();
        Path bin = Path.of(option(args, "--bin", "PG_BIN_DIR", ".local/pg/bin")).toAbsolutePath();
        String db = identifier(option(args, "--db", "PG_DB", "projects"));
        String user = identifier(option(args, "--user", "PG_USER", "projects"));
        String password = option(args, "--password", "PG_PASSWORD", "projects");

        Files.createDirectories(data);
        Files.createDirectories(bin);
        removeUnfinishedExtractions(bin);
        boolean fresh = !Files.exists(data.resolve("postgresql.conf"));

        long started = System.nanoTime();
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setOverrideWorkingDirectory(bin.toFile())
                .setLocaleConfig("locale", "C")
                .setServerConfig("listen_addresses", "127.0.0.1")
                // TCP only: no socket file in /tmp that could clash with a system PostgreSQL
                .setServerConfig("unix_socket_directories", "''")
                .setServerConfig("max_connections", "100")
                .setPGStartupWait(Duration.ofSeconds(60))
                // server output goes straight to this process's stdout (the stack's pg.log)
                .setOutputRedirector(ProcessBuilder.Redirect.INHERIT)
                .setErrorRedirector(ProcessBuilder.Redirect.INHERIT)
                .start();

        CountDownLatch done = new CountDownLatch(1);
        // our own hook instead of zonky's: it also waits until the postmaster has really exited
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("LocalPostgres: stopping PostgreSQL");
            try {
                pg.close();
            } catch (IOException e) {
                System.out.println("LocalPostgres: close failed: " + e);
            }
            waitForPostmasterExit(data.resolve("postmaster.pid"), Duration.ofSeconds(30));
            System.out.println("LocalPostgres: STOPPED");
            System.out.flush();
            done.countDown();
        }, "local-postgres-stop"));

        ensureRoleAndDatabase(pg, user, password, db);

        System.out.printf("READY postgresql://127.0.0.1:%d/%s user=%s data=%s (%s, %d ms)%n",
                port, db, user, data, fresh ? "new cluster" : "existing cluster",
                Duration.ofNanos(System.nanoTime() - started).toMillis());
        System.out.flush();
        System.gc(); // hands the unpacking buffers back to the OS (run.sh sets a low MaxHeapFreeRatio)
        done.await();
    }

    private static void ensureRoleAndDatabase(EmbeddedPostgres pg, String user, String password, String db)
            throws SQLException {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            String pw = "'" + password.replace("'", "''") + "'";
            if (!exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", user)) {
                s.execute("CREATE ROLE " + user + " LOGIN PASSWORD " + pw);
                System.out.println("LocalPostgres: created role " + user);
            }
            if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", db)) {
                s.execute("CREATE DATABASE " + db + " OWNER " + user);
                System.out.println("LocalPostgres: created database " + db);
            }
        }
    }

    private static boolean exists(Connection c, String sql, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** zonky never retries an extraction that was cut short (no .exists marker), so drop it. */
    private static void removeUnfinishedExtractions(Path bin) throws IOException {
        try (Stream<Path> dirs = Files.list(bin)) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                if (dir.getFileName().toString().startsWith("PG-") && !Files.exists(dir.resolve(".exists"))) {
                    System.out.println("LocalPostgres: removing unfinished extraction " + dir);
                    try (Stream<Path> tree = Files.walk(dir)) {
                        for (Path p : (Iterable<Path>) tree.sorted(Comparator.reverseOrder())::iterator) {
                            Files.delete(p);
                        }
                    }
                }
            }
        }
    }

    private static void waitForPostmasterExit(Path pidFile, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (Files.exists(pidFile) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (Files.exists(pidFile)) {
            System.out.println("LocalPostgres: postmaster still running after " + max.toSeconds() + " s");
        }
    }

    private static String identifier(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain lower-case SQL identifier: " + name);
        }
        return name;
    }

    private static String option(String[] args, String flag, String env, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(flag)) {
                return args[i + 1];
            }
        }
        String value = System.getenv(env);
        return value == null || value.isBlank() ? fallback : value;
    }
}
