package io.projectservice.analysis;

/**
 * Cooperative cancellation of a parse: long loops call {@link #check()}, which throws once the
 * time is up or the thread was interrupted. Parsers that never call back are bounded by the
 * caller's wait instead (see {@link TextExtractor}).
 */
public final class Deadline {
    public static final Deadline NONE = new Deadline(Long.MAX_VALUE);

    private final long nanoTime;

    private Deadline(long nanoTime) {
        this.nanoTime = nanoTime;
    }

    public static Deadline in(java.time.Duration duration) {
        return new Deadline(System.nanoTime() + duration.toNanos());
    }

    public void check() {
        if (this != NONE && System.nanoTime() - nanoTime > 0 || Thread.currentThread().isInterrupted()) {
            throw new Exceeded();
        }
    }

    /** Thrown from inside a parser; recognised anywhere in a cause chain. */
    public static final class Exceeded extends RuntimeException {
        public Exceeded() {
            super("parse deadline exceeded", null, false, false);
        }
    }
}
