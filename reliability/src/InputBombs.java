import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Bodies built to exhaust the service: chunked and Content-Length bodies past the limit, the
 * issue's body of 21 MB of {} (3 bytes of JSON, about 80 bytes of tree each), JSON nested 100,000
 * deep, 9 MB strings, imports whose fields or size are over the limits, and JSON text smuggled in
 * strings. Each is sent alone, then all at once, while another caller keeps saving. Every bomb must
 * get its 4xx in the envelope (or, when the body budget is full, a 503 with Retry-After), nothing
 * of it may be written, every save of the other caller must succeed, the service's RSS must stay
 * under its limit and its log must show no OutOfMemoryError.
 */
final class InputBombs implements Reliability.Scenario {
    static final String WS = "rel-bombs";
    static final String P = "/api/v1/projects/" + WS + "/";
    static final int MIB = 1024 * 1024;
    /** The service's RSS target under load (bench/run.sh) with the default -Xmx256m. */
    static final long RSS_LIMIT_MB = 512;

    record Bomb(String name, Set<Integer> expected, Supplier<Http.Resp> send) {
    }

    private Http http;
    private String bomber;

    @Override
    public String name() {
        return "input-bombs";
    }

    @Override
    public void run(Reliability.Ctx ctx, Reliability.Result result) throws Exception {
        http = ctx.http();
        bomber = ctx.tokens().of("bomber", "acme");
        String bystander = ctx.tokens().of("bystander", "acme");
        Path serviceLog = ctx.logs().resolve("service.log");
        long oomBefore = count(serviceLog, "OutOfMemoryError");
        String bomberEvents = "SELECT count(*) FROM project_events WHERE metadata->>'actor' = 'bomber'";
        long writtenBefore = ctx.db().count(bomberEvents);
        List<Bomb> bombs = bombs();

        AtomicBoolean done = new AtomicBoolean();
        AtomicLong rssMaxKb = new AtomicLong();
        long pid = ctx.stack().pid("service");
        Thread sampler = new Thread(() -> {
            while (!done.get()) {
                rssMaxKb.accumulateAndGet(rssKb(pid), Math::max);
                Log.sleep(100);
            }
        }, "rss");
        AtomicInteger saved = new AtomicInteger();
        List<String> saveFailures = Collections.synchronizedList(new ArrayList<>());
        Thread saver = new Thread(() -> {
            for (int i = 0; !done.get(); i++) {
                Http.Resp r = http.post(P + "save").bearer(bystander)
                        .json(Map.of("project", Map.of("name", "bystander " + i, "metadata", Map.of("i", i)))).send();
                if (r.ok()) {
                    saved.incrementAndGet();
                } else {
                    saveFailures.add(r.outcome() + " " + r.shortBody());
                }
                Log.sleep(50);
            }
        }, "bystander");
        sampler.start();
        saver.start();

        Map<String, Integer> byStatus = new TreeMap<>();
        List<String> wrong = new ArrayList<>();
        try {
            Log.info("  %d bombs, one at a time", bombs.size());
            for (Bomb b : bombs) {
                check(b, b.send().get(), byStatus, wrong, "alone");
            }
            Log.info("  the same %d bombs at once", bombs.size());
            ExecutorService pool = Executors.newFixedThreadPool(bombs.size());
            try {
                List<Future<Http.Resp>> answers = new ArrayList<>();
                for (Bomb b : bombs) {
                    answers.add(pool.submit(() -> b.send().get()));
                }
                for (int i = 0; i < bombs.size(); i++) {
                    check(bombs.get(i), answers.get(i).get(), byStatus, wrong, "at once");
                }
            } finally {
                pool.shutdownNow();
            }
        } finally {
            done.set(true);
            saver.join(30_000);
            sampler.join(5_000);
        }
        long written = ctx.db().count(bomberEvents) - writtenBefore;
        long oom = count(serviceLog, "OutOfMemoryError") - oomBefore;
        long rssMb = rssMaxKb.get() / 1024;

        result.number("%d bombs: %s", 2 * bombs.size(), byStatus);
        result.number("bystander saves %d ok, %d failed", saved.get(), saveFailures.size());
        result.number("RSS max %d MB (limit %d)", rssMb, RSS_LIMIT_MB);
        result.number("OutOfMemoryError %d", oom);
        result.require(wrong.isEmpty(), "bombs answered wrongly: %s", wrong.subList(0, Math.min(5, wrong.size())));
        result.require(written == 0, "the bombs wrote %d events", written);
        result.require(saved.get() > 0 && saveFailures.isEmpty(), "the bystander's saves failed: %s",
                saveFailures.subList(0, Math.min(5, saveFailures.size())));
        result.require(rssMb > 0 && rssMb <= RSS_LIMIT_MB, "the service's RSS reached %d MB", rssMb);
        result.require(oom == 0, "%d OutOfMemoryError in the service log", oom);
    }

    private static void check(Bomb b, Http.Resp r, Map<String, Integer> byStatus, List<String> wrong, String how) {
        byStatus.merge(r.outcome(), 1, Integer::sum);
        boolean busy = r.status() == 503 && r.header("Retry-After") != null;
        boolean ok = (b.expected().contains(r.status()) || busy) && r.errorEnvelope();
        Log.info("    %-58s %-7s %s %s", b.name(), how, r.outcome(), ok ? "" : "WRONG " + r.shortBody());
        if (!ok) {
            wrong.add(b.name() + " (" + how + "): " + r.outcome() + " " + r.shortBody());
        }
    }

    private List<Bomb> bombs() {
        String save = P + "save";
        String importProject = P + "import-project";
        String importWorkspace = P + "import-workspace";
        Set<Integer> tooLarge = Set.of(413);
        Set<Integer> malformed = Set.of(400);
        Set<Integer> unusable = Set.of(422);
        String emptyObjects = "{\"project\":{\"name\":\"x\",\"metadata\":{\"a\":[";
        String manyStrings = "{\"project\":{\"name\":\"x\",\"metadata\":{";
        String stringUnit = "\"k\":\"" + "v".repeat(1000) + "\",";
        String deep = "{\"project\":{\"name\":\"x\",\"metadata\":{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000)
                + "}}}";
        List<Bomb> bombs = new ArrayList<>();
        bombs.add(new Bomb("chunked 21 MB of {} (the issue's body) to save", tooLarge,
                () -> send(save, () -> repeated(emptyObjects, "{},", 21L * MIB, "{}]}}}"), -1)));
        bombs.add(new Bomb("chunked 21 MB of short strings to save", tooLarge,
                () -> send(save, () -> repeated(manyStrings, stringUnit, 21L * MIB, "\"e\":1}}}"), -1)));
        long declared = length(manyStrings, stringUnit, 21L * MIB, "\"e\":1}}}");
        bombs.add(new Bomb("21 MB with Content-Length to save", tooLarge,
                () -> send(save, () -> repeated(manyStrings, stringUnit, 21L * MIB, "\"e\":1}}}"), declared)));
        String bundleHead = "{\"export_data\":{\"tables\":{\"project\":{\"data\":[{\"name\":\"x\",\"metadata\":{\"a\":[";
        long objects = length(bundleHead, "{},", 9L * MIB, "{}]}}]}}}}");
        bombs.add(new Bomb("9 MB of {} with Content-Length to import-project", tooLarge,
                () -> send(importProject, () -> repeated(bundleHead, "{},", 9L * MIB, "{}]}}]}}}}"), objects)));
        bombs.add(new Bomb("JSON 100,000 levels deep to save", malformed,
                () -> send(save, () -> bytes(deep), deep.length())));
        String deepImport = "{\"export_data\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        bombs.add(new Bomb("JSON 100,000 levels deep, chunked, to import-project", malformed,
                () -> send(importProject, () -> bytes(deepImport), -1)));
        String hugeName = "{\"project\":{\"name\":\"" + "n".repeat(9 * MIB) + "\"}}";
        bombs.add(new Bomb("a 9 MB string to save", tooLarge, () -> send(save, () -> bytes(hugeName), hugeName.length())));
        bombs.add(new Bomb("a 9 MB string, chunked, to import-workspace", tooLarge,
                () -> send(importWorkspace, () -> repeated("{\"export_data\":{\"projects\":{\"a\":\"", "s".repeat(4096),
                        9L * MIB, "\"}}}"), -1)));
        bombs.add(new Bomb("import of a 5,000-character name", unusable,
                () -> send(importProject, () -> bytes(bundle("\"name\":\"" + "n".repeat(5000) + "\"")), -1)));
        bombs.add(new Bomb("import of 200 KB of metadata", unusable, () -> send(importProject,
                () -> bytes(bundle("\"name\":\"x\",\"metadata\":{\"blob\":\"" + "m".repeat(200_000) + "\"}")), -1)));
        bombs.add(new Bomb("import of a 30,000-character description", unusable, () -> send(importProject,
                () -> bytes(bundle("\"name\":\"x\",\"description\":\"" + "d".repeat(30_000) + "\"")), -1)));
        StringBuilder rows = new StringBuilder("{\"export_data\":{\"tables\":{\"project\":{\"data\":[{\"name\":\"x\"}]},"
                + "\"ontology_nodes\":{\"data\":[");
        for (int i = 0; i < 150_000; i++) {
            rows.append(i == 0 ? "" : ",").append("{\"id\":\"n").append(i).append("\"}");
        }
        String manyRows = rows.append("]}}}}").toString();
        bombs.add(new Bomb("import of 150,000 rows", unusable, () -> send(importProject, () -> bytes(manyRows), -1)));
        StringBuilder tables = new StringBuilder("{\"export_data\":{\"tables\":{\"project\":{\"data\":[{\"name\":\"x\"}]}");
        for (int i = 0; i < 300; i++) {
            tables.append(",\"extra_").append(i).append("\":{\"data\":[]}");
        }
        String manyTables = tables.append("}}}").toString();
        bombs.add(new Bomb("import of 300 tables", unusable, () -> send(importProject, () -> bytes(manyTables), -1)));
        StringBuilder projects = new StringBuilder("{\"export_data\":{\"projects\":{");
        for (int i = 0; i < 1001; i++) {
            projects.append(i == 0 ? "" : ",").append("\"p").append(i)
                    .append("\":{\"tables\":{\"project\":{\"data\":[{\"name\":\"p\"}]}}}");
        }
        String manyProjects = projects.append("}}}").toString();
        bombs.add(new Bomb("import-workspace of 1,001 projects", unusable,
                () -> send(importWorkspace, () -> bytes(manyProjects), -1)));
        String text = "[" + "{},".repeat(300_000) + "{}]";
        StringBuilder smuggled = new StringBuilder("{\"export_data\":{\"tables\":{\"projects_w\":{\"data\":[{"
                + "\"project_id\":\"p\",\"name\":\"x\"}]},\"concepts_p\":{\"data\":[");
        for (int i = 0; i < 8; i++) {
            smuggled.append(i == 0 ? "" : ",").append("{\"predicate_name\":\"c").append(i).append("\",\"fields\":\"")
                    .append(text).append("\"}");
        }
        String smuggledText = smuggled.append("]}}}}").toString();
        bombs.add(new Bomb("platform export with 7 MB of {} written as JSON text", unusable,
                () -> send(importProject, () -> bytes(smuggledText), smuggledText.length())));
        bombs.add(new Bomb("create-from-context declaring 100 MB (Expect: 100-continue)", tooLarge,
                () -> headersOnly(P + "create-from-context", "multipart/form-data; boundary=x", 100L * MIB)));
        return bombs;
    }

    /**
     * Only the head of a request declaring {@code length} bytes with {@code Expect: 100-continue}:
     * the answer must come before any of the body is sent. Over a plain socket, as java.net.http
     * (JDK 17) waits forever when a server answers such a request and closes.
     */
    private Http.Resp headersOnly(String path, String contentType, long length) {
        java.net.URI uri = java.net.URI.create(http.base);
        long t0 = System.nanoTime();
        try (java.net.Socket s = new java.net.Socket(uri.getHost(), uri.getPort())) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + "\r\nAuthorization: Bearer "
                    + bomber + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + length
                    + "\r\nExpect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            String status = in.readLine();
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            int contentLength = 0;
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim(), List.of(line.substring(colon + 1).trim()));
                if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                    contentLength = Integer.parseInt(line.substring(15).trim());
                }
            }
            char[] body = new char[contentLength];
            int read = 0;
            for (int n = 0; read < contentLength && n >= 0; read += Math.max(n, 0)) {
                n = in.read(body, read, contentLength - read);
            }
            int code = status == null ? 0 : Integer.parseInt(status.split(" ")[1]);
            return new Http.Resp(code, new String(body, 0, read), headers, (System.nanoTime() - t0) / 1_000_000, null);
        } catch (IOException | RuntimeException e) {
            return new Http.Resp(0, null, null, (System.nanoTime() - t0) / 1_000_000, "io-error");
        }
    }

    private Http.Resp send(String path, Supplier<InputStream> body, long length) {
        return http.post(path).bearer(bomber).stream("application/json", body, length)
                .timeout(java.time.Duration.ofSeconds(120)).send();
    }

    private static String bundle(String projectRow) {
        return "{\"export_data\":{\"tables\":{\"project\":{\"data\":[{" + projectRow + "}]}}}}";
    }

    private static InputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private static long length(String head, String unit, long size, String tail) {
        return head.length() + Math.max(1, size / unit.length()) * unit.length() + tail.length();
    }

    /** {@code head}, {@code unit} until about {@code size} bytes, {@code tail}: made as it is read (ASCII). */
    static InputStream repeated(String head, String unit, long size, String tail) {
        byte[] u = unit.getBytes(StandardCharsets.US_ASCII);
        long times = Math.max(1, size / u.length);
        InputStream units = new InputStream() {
            private long left = times;
            private int at;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                int n = 0;
                while (n < len && left > 0) {
                    int take = Math.min(len - n, u.length - at);
                    System.arraycopy(u, at, b, off + n, take);
                    n += take;
                    at += take;
                    if (at == u.length) {
                        at = 0;
                        left--;
                    }
                }
                return n;
            }
        };
        return new SequenceInputStream(new SequenceInputStream(bytes(head), units), bytes(tail));
    }

    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process is gone: nothing to sample
        }
        return 0;
    }

    static long count(Path log, String text) {
        try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.contains(text)).count();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }
}
