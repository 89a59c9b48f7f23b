package io.projectservice.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's entrypoint (deploy/image/entrypoint.sh) must hand the container's arguments to the
 * service: `docker run IMAGE rebuild-read-model` has to run that command, not start a server. No
 * Docker here: the script itself runs, with a stand-in for java that prints what it received.
 */
class EntrypointScriptTest {
    private static final Path SCRIPT = Path.of("deploy", "image", "entrypoint.sh");
    private static final Path DOCKERFILE = Path.of("deploy", "Dockerfile");
    private static final String LOG_MANAGER = "-Djava.util.logging.manager=org.jboss.logmanager.LogManager";

    @TempDir
    Path dir;

    @Test
    void theContainersArgumentsReachTheService() throws Exception {
        Run run = run("-Xmx256m -XX:+ExitOnOutOfMemoryError", "rebuild-read-model");
        assertEquals(List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError", LOG_MANAGER,
                "-jar", "/deployments/quarkus-run.jar", "rebuild-read-model"), run.javaArgs);
    }

    @Test
    void argumentsKeepTheirSpacesAndNoneMeansServe() throws Exception {
        assertEquals(List.of(LOG_MANAGER, "-jar", "/deployments/quarkus-run.jar", "one two", "three"),
                run("", "one two", "three").javaArgs);
        assertEquals(List.of(LOG_MANAGER, "-jar", "/deployments/quarkus-run.jar"), run("").javaArgs);
    }

    /** exec: java replaces the shell, so it is the container's PID 1 and receives SIGTERM itself. */
    @Test
    void javaReplacesTheShell() throws Exception {
        Run run = run("", "rebuild-read-model");
        assertEquals(run.shellPid, run.javaPid);
    }

    @Test
    void theImageUsesTheScriptAndHasTesseractWithEnglish() throws IOException {
        String dockerfile = Files.readString(DOCKERFILE);
        assertTrue(dockerfile.contains("COPY --chmod=755 deploy/image/entrypoint.sh /usr/local/bin/projects-entrypoint"),
                "the Dockerfile copies the entrypoint script");
        List<String> entrypoints = dockerfile.lines().filter(l -> l.startsWith("ENTRYPOINT")).toList();
        assertEquals(List.of("ENTRYPOINT [\"/usr/local/bin/projects-entrypoint\"]"), entrypoints,
                "exec form, no CMD-swallowing `sh -c`");
        assertTrue(dockerfile.lines().noneMatch(l -> l.startsWith("CMD")), "no CMD: arguments are the command");
        String runtime = dockerfile.substring(dockerfile.indexOf("AS runtime"));
        assertTrue(runtime.matches("(?s).*apt-get install[^\\n]*tesseract-ocr tesseract-ocr-eng.*"),
                "Tesseract and its English data in the runtime stage");
        List<String> ignore = Files.readAllLines(Path.of(".dockerignore"));
        assertTrue(ignore.contains("!deploy/image/entrypoint.sh"), "the script is in the build context");
    }

    private record Run(List<String> javaArgs, long shellPid, long javaPid) {}

    private Run run(String javaOpts, String... args) throws Exception {
        Path out = dir.resolve("args.txt");
        Path pid = dir.resolve("pid.txt");
        Path fakeJava = dir.resolve("java");
        Files.writeString(fakeJava, "#!/bin/sh\necho $$ > '" + pid + "'\n: > '" + out + "'\n"
                + "for a in \"$@\"; do printf '%s\\n' \"$a\" >> '" + out + "'; done\n");
        assertTrue(fakeJava.toFile().setExecutable(true));
        List<String> command = new ArrayList<>(List.of("sh", SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JAVA", fakeJava.toString());
        builder.environment().put("JAVA_OPTS", javaOpts);
        builder.environment().remove("APP_JAR");
        Process process = builder.start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the script ends");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        return new Run(Files.readAllLines(out), process.pid(), Long.parseLong(Files.readString(pid).trim()));
    }
}
