import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * The benchmark's helpers, one subcommand each (bench/run.sh calls them; every result line
 * starts with a tag that run.sh reads):
 *
 * <pre>
 * seed-history  BASE TOKEN WORKSPACE EVENTS             one project with EVENTS events (1 create, updates)
 * seed-projects BASE TOKEN WORKSPACE COUNT CONCURRENCY  COUNT projects in one workspace
 * pdf           OUT BYTES                               a text PDF of about BYTES bytes
 * analyze       BASE TOKEN WORKSPACE FILE RUNS          create-from-context with FILE, RUNS times
 * loadgen       URL METHOD TOKEN BODY CONCURRENCY SECONDS   closed-loop load (when wrk is missing)
 * </pre>
 */
public class BenchTool {
    private static final Pattern PROJECT_ID = Pattern.compile("\"project_id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*(\\d+)");
    private static final Pattern ENGINE = Pattern.compile("\"engine\"\\s*:\\s*\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
        }
        String[] a = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "seed-history" -> seedHistory(a[0], a[1], a[2], Integer.parseInt(a[3]));
            case "seed-projects" -> seedProjects(a[0], a[1], a[2], Integer.parseInt(a[3]), Integer.parseInt(a[4]));
            case "pdf" -> pdf(Path.of(a[0]), Long.parseLong(a[1]));
            case "analyze" -> analyze(a[0], a[1], a[2], Path.of(a[3]), Integer.parseInt(a[4]));
            case "loadgen" -> loadgen(a[0], a[1], a[2], a[3], Integer.parseInt(a[4]), Integer.parseInt(a[5]));
            default -> usage();
        }
        System.exit(0);
    }

    private static void usage() {
        System.err.println("usage: BenchTool seed-history|seed-projects|pdf|analyze|loadgen ... (see the source)");
        System.exit(2);
    }

    static HttpClient client(int threads) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(Math.max(2, threads))).build();
    }

    static HttpRequest save(String base, String token, String workspace, String body) {
        return HttpRequest.newBuilder(URI.create(base + "/api/v1/projects/" + workspace + "/save"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** Saves until it succeeds (a few attempts), returning the response body. */
    static String saveOk(HttpClient http, HttpRequest req) throws Exception {
        for (int attempt = 1;; attempt++) {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                return r.body();
            }
            if (attempt == 5) {
                throw new IllegalStateException("save answered " + r.statusCode() + ": " + r.body());
            }
            Thread.sleep(50L * attempt);
        }
    }

    /** One project whose log holds EVENTS events: ProjectCreated, then ProjectUpdated each changing the description. */
    static void seedHistory(String base, String token, String workspace, int events) throws Exception {
        HttpClient http = client(2);
        long t0 = System.nanoTime();
        String body = saveOk(http, save(base, token, workspace,
                "{\"project\":{\"name\":\"Bench history\",\"description\":\"revision 1\","
                        + "\"metadata\":{\"source\":\"bench\",\"kind\":\"history\"}}}"));
        String id = match(PROJECT_ID, body);
        int version = 1;
        for (int v = 2; v <= events; v++) {
            body = saveOk(http, save(base, token, workspace, "{\"project\":{\"id\":\"" + id
                    + "\",\"name\":\"Bench history\",\"description\":\"revision " + v + " of the benchmark project,"
                    + " a description of ordinary length\"}}"));
            version = Integer.parseInt(match(VERSION, body));
        }
        if (version != events) {
            throw new IllegalStateException("expected version " + events + ", the project is at " + version);
        }
        System.out.printf("SEED_HISTORY project_id=%s version=%d seconds=%.1f%n", id, version,
                (System.nanoTime() - t0) / 1e9);
    }

    /** COUNT projects in one workspace, saved by CONCURRENCY clients at full speed. */
    static void seedProjects(String base, String token, String workspace, int count, int concurrency)
            throws Exception {
        HttpClient http = client(concurrency);
        AtomicLong next = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long t0 = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            workers.add(pool.submit(() -> {
                long n;
                while ((n = next.getAndIncrement()) < count) {
                    saveOk(http, save(base, token, workspace, "{\"project\":{\"name\":\"Bench list project " + n
                            + "\",\"description\":\"one of " + count + " projects in the list benchmark\","
                            + "\"metadata\":{\"source\":\"bench\",\"n\":" + n + "}}}"));
                }
                return null;
            }));
        }
        for (Future<?> f : workers) {
            f.get();
        }
        pool.shutdown();
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("SEED_PROJECTS count=%d seconds=%.1f rate=%.0f%n", count, s, count / s);
    }

    private static final String[] SUBJECTS = {"Customer", "Order", "Invoice", "Product", "Supplier", "Shipment",
        "Warehouse", "Payment", "Contract", "Region", "Campaign", "Segment", "Account", "Employee", "Store"};
    private static final String[] VERBS = {"places", "contains", "references", "belongs to", "is shipped from",
        "is paid by", "is managed by", "is supplied by", "generates", "is assigned to"};
    private static final String[] WORDS = ("revenue margin quarterly forecast growth churn retention cohort "
            + "pricing discount volume inventory backlog delivery latency region market share risk exposure "
            + "compliance audit baseline variance trend seasonal weekly monthly annual budget target actual "
            + "conversion funnel lifetime value acquisition cost segment profile behaviour purchase frequency "
            + "basket average ticket loyalty program premium standard channel online retail wholesale partner "
            + "analysis report dashboard metric indicator threshold anomaly outlier distribution median").split(" ");

    /** A plain report: sentences about business entities and their relations, as many pages as the size needs. */
    static void pdf(Path out, long targetBytes) throws IOException {
        int pages = Math.max(1, (int) (targetBytes / 2_600));
        byte[] bytes = null;
        long characters = 0;
        for (int attempt = 0; attempt < 4; attempt++) {
            Random random = new Random(42);
            characters = 0;
            try (PDDocument doc = new PDDocument(); ByteArrayOutputStream buffer = new ByteArrayOutputStream()) {
                PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
                for (int p = 0; p < pages; p++) {
                    PDPage page = new PDPage();
                    doc.addPage(page);
                    try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                        content.beginText();
                        content.setFont(font, 9);
                        content.setLeading(12);
                        content.newLineAtOffset(36, 760);
                        for (int line = 0; line < 60; line++) {
                            String text = line == 0 ? "Section " + (p + 1) + ": " + SUBJECTS[p % SUBJECTS.length]
                                    + " analysis" : sentence(random);
                            content.showText(text);
                            content.newLine();
                            characters += text.length() + 1;
                        }
                        content.endText();
                    }
                }
                doc.save(buffer);
                bytes = buffer.toByteArray();
            }
            double ratio = (double) targetBytes / bytes.length;
            if (Math.abs(ratio - 1) < 0.03) {
                break;
            }
            pages = Math.max(1, (int) Math.round(pages * ratio));
        }
        Files.write(out, bytes);
        System.out.printf("PDF file=%s bytes=%d pages=%d characters=%d%n", out, bytes.length, pages, characters);
    }

    private static String sentence(Random r) {
        StringBuilder s = new StringBuilder();
        s.append("Each ").append(SUBJECTS[r.nextInt(SUBJECTS.length)].toLowerCase()).append(' ')
                .append(VERBS[r.nextInt(VERBS.length)]).append(" a ")
                .append(SUBJECTS[r.nextInt(SUBJECTS.length)].toLowerCase()).append(';');
        int words = 8 + r.nextInt(6);
        for (int i = 0; i < words; i++) {
            s.append(' ').append(WORDS[r.nextInt(WORDS.length)]);
        }
        return s.append(" ").append(r.nextInt(100_000)).append('.').toString();
    }

    /** create-from-context with one file, RUNS times in a row: wall time from request to the created project. */
    static void analyze(String base, String token, String workspace, Path file, int runs) throws Exception {
        HttpClient http = client(2);
        byte[] pdf = Files.readAllBytes(file);
        List<Double> times = new ArrayList<>();
        String engine = null;
        for (int run = 1; run <= runs; run++) {
            String boundary = "bench-" + UUID.randomUUID();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            field(body, boundary, "context", "Quarterly operations report: customers, orders, invoices and shipments"
                    + " across regions; build the project's ontology from it.");
            field(body, boundary, "concept_names", "[\"Customer\", \"Order\", \"Invoice\"]");
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\""
                    + file.getFileName() + "\"\r\nContent-Type: application/pdf\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.write(pdf);
            body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/v1/projects/" + workspace
                    + "/create-from-context?wait=" + URLEncoder.encode("120", StandardCharsets.UTF_8)))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .timeout(Duration.ofMinutes(3)).POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                    .build();
            long t0 = System.nanoTime();
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            double s = (System.nanoTime() - t0) / 1e9;
            if (r.statusCode() != 200) {
                throw new IllegalStateException("create-from-context answered " + r.statusCode() + ": "
                        + r.body().substring(0, Math.min(500, r.body().length())));
            }
            engine = match(ENGINE, r.body());
            times.add(s);
            System.out.printf("ANALYZE_RUN run=%d seconds=%.3f engine=%s project_id=%s%n", run, s, engine,
                    match(PROJECT_ID, r.body()));
        }
        List<Double> sorted = new ArrayList<>(times);
        sorted.sort(null);
        System.out.printf("ANALYZE runs=%d first_s=%.3f median_s=%.3f max_s=%.3f engine=%s bytes=%d%n", runs,
                times.get(0), sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), engine, pdf.length);
    }

    private static void field(ByteArrayOutputStream body, String boundary, String name, String value)
            throws IOException {
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value
                + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Closed-loop load at fixed concurrency: CONCURRENCY clients, each sending its next request when
     * the previous one answered, for SECONDS. Prints the same WRK_RESULT line as bench/wrk/request.lua.
     * Only used where wrk is not installed (it costs the machine more CPU than wrk).
     */
    static void loadgen(String url, String method, String token, String body, int concurrency, int seconds)
            throws Exception {
        HttpClient http = client(concurrency);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30));
        HttpRequest req = "POST".equals(method)
                ? b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build()
                : b.GET().build();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<long[]>> workers = new ArrayList<>();
        AtomicLong non2xx = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long t0 = System.nanoTime();
        for (int w = 0; w < concurrency; w++) {
            workers.add(pool.submit(() -> {
                long[] lat = new long[1 << 16];
                int n = 0;
                while (System.nanoTime() < end) {
                    long s = System.nanoTime();
                    try {
                        HttpResponse<Void> r = http.send(req, HttpResponse.BodyHandlers.discarding());
                        if (r.statusCode() / 100 != 2) {
                            non2xx.incrementAndGet();
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                    }
                    if (n == lat.length) {
                        lat = Arrays.copyOf(lat, n * 2);
                    }
                    lat[n++] = System.nanoTime() - s;
                }
                return Arrays.copyOf(lat, n);
            }));
        }
        List<long[]> parts = new ArrayList<>();
        for (Future<long[]> f : workers) {
            parts.add(f.get());
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        long[] all = parts.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        double mean = Arrays.stream(all).average().orElse(0) / 1e6;
        System.out.printf("WRK_RESULT requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f"
                + " p999_ms=%.3f max_ms=%.3f mean_ms=%.3f non2xx=%d connect_err=%d read_err=0 write_err=0"
                + " timeouts=0%n", all.length, elapsed, all.length / elapsed, pct(all, 0.50), pct(all, 0.90),
                pct(all, 0.99), pct(all, 0.999), all.length == 0 ? 0 : all[all.length - 1] / 1e6, mean,
                non2xx.get(), errors.get());
    }

    private static double pct(long[] sorted, double q) {
        return sorted.length == 0 ? 0
                : sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    private static String match(Pattern p, String body) {
        Matcher m = p.matcher(body);
        return m.find() ? m.group(1) : null;
    }
}
