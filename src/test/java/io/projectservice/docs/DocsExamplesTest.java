package io.projectservice.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.projectservice.support.RequiredTools;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the shell examples of the README and of every page in docs/ against the test service, as a reader would:
 * every ```bash block that calls curl, in document order, in one bash (later blocks use the
 * variables of earlier ones), in an empty directory, with PORT set to the test service's port
 * (the examples build their URLs from it). Only deploy/local/run.sh and stop.sh are replaced
 * (the test service stands for the local stack); token.sh, jq, openssl, date are the real ones.
 * Every request must answer 2xx and every command must succeed. A block preceded by
 * {@code <!-- docs-check: skip (why) -->} is left out (it needs a file only the reader has).
 */
@QuarkusTest
class DocsExamplesTest {
    private static final Pattern FENCE = Pattern.compile("(?m)^```(\\w*)\\n(.*?)^```", Pattern.DOTALL);
    private static final Pattern STATUS = Pattern.compile("@@docs-check HTTP (\\d{3}) (\\S+) (\\S+)@@");
    private static final long BOUND_SECONDS = 120;

    @TestHTTPResource("/")
    URL root;

    record Block(String document, int line, String language, String code) {}

    record Run(int exitCode, String output, List<String> failedRequests, int requests) {
        boolean ok() {
            return exitCode == 0 && failedRequests.isEmpty() && requests > 0;
        }
    }

    /** The README and every document under docs/ that has shell examples: a new page is checked without listing it. */
    static List<String> documents() throws IOException {
        List<String> documents = new ArrayList<>(List.of("README.md"));
        try (var files = Files.list(Path.of("docs"))) {
            files.map(p -> "docs/" + p.getFileName()).filter(n -> n.endsWith(".md")).sorted().forEach(documents::add);
        }
        List<String> withExamples = new ArrayList<>();
        for (String d : documents) {
            if (!blocks(d, "bash").isEmpty()) {
                withExamples.add(d);
            }
        }
        return withExamples;
    }

    @ParameterizedTest
    @MethodSource("documents")
    void theShellExamplesRunAsWritten(String document, @TempDir Path dir) throws Exception {
        requireTools();
        List<Block> blocks = blocks(document, "bash");
        assertFalse(blocks.isEmpty(), document + " has curl examples");
        Run run = run(blocks, dir);
        boolean requestsExpected = blocks.stream().anyMatch(b -> b.code.contains("curl "));
        assertTrue(run.exitCode == 0 && run.failedRequests.isEmpty() && (run.requests > 0 || !requestsExpected), document + ": exit " + run.exitCode + ", failed requests " + run.failedRequests
                + ", requests " + run.requests + "\n" + run.output);
    }

    /** The check fails on an example broken as an edit could break it: a misspelt route, a bad body. */
    @Test
    void aBrokenExampleFails(@TempDir Path dir) throws Exception {
        requireTools();
        Block first = blocks("README.md", "bash").get(0);
        assertTrue(first.code.contains("/my-workspace/save"), first.code);
        Run misspelt = run(List.of(new Block(first.document, first.line, "bash",
                first.code.replace("/my-workspace/save", "/my-workspace/sav"))), dir.resolve("a"));
        assertFalse(misspelt.ok(), misspelt.output);
        assertTrue(misspelt.failedRequests.stream().anyMatch(r -> r.startsWith("404 POST")), misspelt.output);

        Run badBody = run(List.of(new Block(first.document, first.line, "bash",
                first.code.replace("\"name\": \"Financial Risk Analysis\",", "\"name\": 7,"))), dir.resolve("b"));
        assertTrue(badBody.failedRequests.stream().anyMatch(r -> r.startsWith("400 POST")), badBody.output);

        Run badCommand = run(List.of(new Block(first.document, first.line, "bash",
                "uuidgen-that-debian-lacks\n" + first.code)), dir.resolve("c"));
        assertFalse(badCommand.ok(), "a command that is not installed fails the example");
    }

    static void requireTools() {
        for (String tool : List.of("bash", "curl", "jq", "openssl")) {
            RequiredTools.require(RequiredTools.runs(tool, "--version") || RequiredTools.runs(tool, "version"), tool);
        }
    }

    /** The fenced blocks of one language in a document that call curl (or, for python, use the service). */
    static List<Block> blocks(String document, String language) throws IOException {
        String text = Files.readString(Path.of(document));
        List<Block> blocks = new ArrayList<>();
        Matcher m = FENCE.matcher(text);
        while (m.find()) {
            String code = m.group(2);
            String before = text.substring(0, m.start());
            boolean skipped = before.stripTrailing().endsWith("-->")
                    && before.substring(before.lastIndexOf("<!--")).contains("docs-check: skip");
            boolean relevant = !language.equals("bash") || code.contains("curl ") || code.contains("token.sh");
            if (m.group(1).equals(language) && relevant && !skipped) {
                int line = (int) before.chars().filter(c -> c == '\n').count() + 1;
                blocks.add(new Block(document, line, language, code));
            }
        }
        return blocks;
    }

    Run run(List<Block> blocks, Path dir) throws Exception {
        Files.createDirectories(dir);
        Path repo = Path.of("").toAbsolutePath();
        StringBuilder script = new StringBuilder("""
                set -eo pipefail
                shopt -u expand_aliases
                # the test service stands for the local stack
                deploy/local/run.sh() { :; }
                deploy/local/stop.sh() { :; }
                deploy/local/token.sh() { "%1$s/deploy/local/token.sh" "$@"; }
                # every request reports its status on stderr, for the test to check
                curl() { command curl -w '%%{stderr}\\n@@docs-check HTTP %%{http_code} %%{method} %%{url_effective}@@\\n' "$@"; }
                """.formatted(repo));
        for (Block b : blocks) {
            script.append("echo '### ").append(b.document).append(" line ").append(b.line).append("' >&2\n")
                    .append(b.code).append('\n');
        }
        Path file = dir.resolve("examples.sh");
        Files.writeString(file, script);
        Path out = dir.resolve("output.txt");
        ProcessBuilder pb = new ProcessBuilder("bash", file.toString()).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("PORT", String.valueOf(root.getPort()));
        pb.environment().remove("BASE");
        Process p = pb.start();
        boolean finished = p.waitFor(BOUND_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertTrue(finished, "the examples did not finish within " + BOUND_SECONDS + " s:\n" + output);
        List<String> failed = new ArrayList<>();
        int requests = 0;
        Matcher m = STATUS.matcher(output);
        while (m.find()) {
            requests++;
            int code = Integer.parseInt(m.group(1));
            if (code < 200 || code > 299) {
                failed.add(m.group(1) + " " + m.group(2) + " " + m.group(3));
            }
        }
        return new Run(p.exitValue(), output, failed, requests);
    }

    /**
     * docs/PYTHON.md's Python blocks (the SDK's is marked skipped: its package is not installable
     * here), after its shell block has set JARVISPY_URL and PMTX_TOKEN, with the python3 that has
     * requests. The script raises on any non-2xx answer (raise_for_status) and on a failed assert.
     */
    @Test
    void thePythonExamplesRunAsWritten(@TempDir Path dir) throws Exception {
        requireTools();
        String python = RequiredTools.runs("python3", "-c", "import requests") ? "python3" : null;
        RequiredTools.require(python != null, "python3 with the requests package");
        List<Block> shell = blocks("docs/PYTHON.md", "bash");
        List<Block> scripts = blocks("docs/PYTHON.md", "python");
        assertEquals(1, scripts.size(), "the requests example (the SDK's is skipped)");
        StringBuilder code = new StringBuilder();
        for (Block b : scripts) {
            Path file = dir.resolve("example-" + b.line + ".py");
            Files.writeString(file, b.code);
            code.append(python).append(' ').append(file).append('\n');
        }
        Run run = run(List.of(shell.get(0), new Block("docs/PYTHON.md", scripts.get(0).line, "bash", code.toString())),
                dir);
        assertEquals(0, run.exitCode, run.output);
        assertTrue(run.output.matches("(?s).*\\b\\d+ events; snapshot \\S+.*\\b\\d+ projects.*"), run.output);
    }

    /** The pages known to carry examples are found by the discovery above (so it cannot quietly find none). */
    @Test
    void everyDocumentWithExamplesIsChecked() throws IOException {
        assertTrue(documents().containsAll(List.of("README.md", "docs/API-WALKTHROUGH.md", "docs/CREATE-FROM-CONTEXT.md",
                "docs/SUBSCRIBING.md", "docs/PYTHON.md")), documents().toString());
    }
}
