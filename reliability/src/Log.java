import java.time.Duration;

/** Progress lines on stderr, stamped with the seconds since the run began; the table goes to stdout. */
final class Log {
    private static final long T0 = System.nanoTime();

    private Log() {
    }

    static double now() {
        return (System.nanoTime() - T0) / 1e9;
    }

    static void info(String format, Object... args) {
        System.err.printf("[reliability %6.1fs] %s%n", now(), String.format(format, args));
        System.err.flush();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static void sleep(Duration d) {
        sleep(d.toMillis());
    }
}
