import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;

/**
 * Open-loop load at a fixed arrival rate (issue 17): request i is due at start + i / RATE, sent
 * then whether or not earlier ones have answered, and its latency is taken from that intended
 * send time, not from when it actually left. A service (or a load generator) that stalls cannot
 * hide the requests it delayed: coordinated omission is corrected by construction, and the
 * histogram (HdrHistogram, 1 us to 60 s, 3 significant digits) holds every request.
 *
 * <pre>
 * usage: OpenLoop URL METHOD TOKEN BODY RATE SECONDS
 * </pre>
 *
 * The last line, {@code OPEN_RESULT ...}, is for bench/run.sh: target and achieved rate, the
 * percentiles in ms, and the errors (non-2xx answers, failures, requests still unanswered 10 s
 * after the last was due: counted as errors and recorded at their age then).
 */
public class OpenLoop {
    public static void main(String[] args) throws Exception {
        String url = args[0];
        String method = args[1];
        String token = args[2];
        String body = args[3];
        double rate = Double.parseDouble(args[4]);
        int seconds = Integer.parseInt(args[5]);
        if (rate <= 0) {
            throw new IllegalArgumentException("RATE must be positive, not " + args[4]);
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(4)).build();
        HttpRequest.Builder template = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token);
        HttpRequest request = "POST".equals(method)
                ? template.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                        .build()
                : template.GET().build();

        Recorder recorder = new Recorder(3);
        AtomicLong ok = new AtomicLong();
        AtomicLong non2xx = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong pending = new AtomicLong();
        AtomicLong lastAnswer = new AtomicLong();
        long total = Math.max(1, Math.round(rate * seconds));
        double periodNanos = 1e9 / rate;
        long start = System.nanoTime();
        long lateSends = 0;
        ExecutorService senders = Executors.newCachedThreadPool();
        for (long i = 0; i < total; i++) {
            long due = start + (long) (i * periodNanos);
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            if (System.nanoTime() - due > 1_000_000) {
                lateSends++; // the generator itself fell behind: the latency still counts from `due`
            }
            pending.incrementAndGet();
            // handed to another thread: a send that blocks (a connection being opened) never holds up the schedule
            senders.execute(() -> http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                long latency = System.nanoTime() - due;
                recorder.recordValue(Math.max(1, latency / 1_000));
                if (e != null) {
                    failed.incrementAndGet();
                } else if (r.statusCode() / 100 != 2) {
                    non2xx.incrementAndGet();
                } else {
                    ok.incrementAndGet();
                }
                lastAnswer.accumulateAndGet(System.nanoTime(), Math::max);
                pending.decrementAndGet();
            }));
        }
        long lastDue = start + (long) ((total - 1) * periodNanos);
        long deadline = lastDue + TimeUnit.SECONDS.toNanos(10);
        while (pending.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        // achieved rate: answers over the time from the first due to the last answer
        double elapsed = (Math.max(lastAnswer.get(), lastDue) - start) / 1e9;
        Histogram h = recorder.getIntervalHistogram();
        long unanswered = pending.get();
        if (unanswered > 0) {
            // still waiting: recorded at their age now, the least their latency will be
            h.recordValueWithCount((System.nanoTime() - lastDue) / 1_000, unanswered);
        }
        long completed = ok.get() + non2xx.get() + failed.get();
        System.out.printf("open loop: %d requests due at %.1f/s over %d s; %d answered 2xx, %d non-2xx, %d failed,"
                + " %d unanswered; %d sent more than 1 ms late%n", total, rate, seconds, ok.get(), non2xx.get(),
                failed.get(), unanswered, lateSends);
        System.out.printf("OPEN_RESULT target_rate=%.1f rate=%.1f requests=%d p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f"
                + " p999_ms=%.3f max_ms=%.3f mean_ms=%.3f errors=%d late_sends=%d%n", rate, completed / elapsed,
                total, ms(h, 50), ms(h, 90), ms(h, 99), ms(h, 99.9), h.getMaxValue() / 1e3, h.getMean() / 1e3,
                non2xx.get() + failed.get() + unanswered, lateSends);
        System.exit(0);
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1e3;
    }
}
