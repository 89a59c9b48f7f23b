import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;

/**
 * An extra process of the service started by a scenario itself (e.g. a second analysis worker):
 * the command line run.sh recorded for the service ({@code pids/service.cmd}), with some
 * environment variables changed, its own log, and an HTTP port of its own choosing (PORT=0, so it
 * takes no port of the stack's block). The scenario stops or kills it; {@link #close} makes sure.
 */
final class ServiceProcess implements AutoCloseable {
    final String name;
    final Path log;
    private final Process process;

    private ServiceProcess(String name, Path log, Process process) {
        this.name = name;
        this.log = log;
        this.process = process;
    }

    static ServiceProcess start(Path local, String name, Map<String, String> env) throws IOException {
        String[] recorded = Files.readString(local.resolve("pids/service.cmd"), StandardCharsets.UTF_8).split("\0");
        List<String> cmd = new ArrayList<>();
        // recorded[0] is the service's log file; then: env K=V ... java ... -jar quarkus-run.jar
        int i = 1;
        cmd.add(recorded[i++]);
        if (!"env".equals(cmd.get(0))) {
            throw new IllegalStateException("unexpected recorded service command: " + String.join(" ", recorded));
        }
        for (; i < recorded.length && recorded[i].contains("=") && !recorded[i].startsWith("-"); i++) {
            String key = recorded[i].substring(0, recorded[i].indexOf('='));
            if (!env.containsKey(key)) {
                cmd.add(recorded[i]);
            }
        }
        env.forEach((k, v) -> cmd.add(k + "=" + v));
        for (; i < recorded.length; i++) {
            cmd.add(recorded[i]);
        }
        Path log = local.resolve("logs/" + name + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        p.getOutputStream().close();
        // a driver stopped midway (Ctrl-C) takes its processes with it; stop.sh does not know them
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        Log.info("  started %s (pid %d), log %s", name, p.pid(), log.getFileName());
        return new ServiceProcess(name, log, p);
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Waits until Quarkus says it listens (the consumers start with it). */
    void awaitStarted(Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!Files.readString(log, StandardCharsets.UTF_8).contains("Listening on")) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited while starting; see " + log);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " did not start within " + within + "; see " + log);
            }
            Log.sleep(200);
        }
    }

    /** SIGKILL: no shutdown hook, no lease given back, no consumer group left. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        Log.info("  killed %s (pid %d) with SIGKILL", name, process.pid());
    }

    /** SIGTERM, then SIGKILL if it is still there after 30 s. */
    void stop() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** Members of a consumer group, as the broker sees them (0 when it does not know the group). */
    static int groupMembers(String bootstrap, String group) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("request.timeout.ms", "5000");
        try (Admin admin = Admin.create(p)) {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all()
                    .get(10, TimeUnit.SECONDS).get(group);
            return d == null ? 0 : d.members().size();
        } catch (Exception e) {
            return 0;
        }
    }
}
