package io.projectservice.api;

import io.vertx.pgclient.PgException;
import java.net.ConnectException;

/** Classifies infrastructure failures. */
public final class Failures {
    private Failures() {
    }

    /** Connection-level trouble with PostgreSQL: the client should retry, it did nothing wrong. */
    public static boolean isDatabaseUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof io.vertx.sqlclient.ClosedConnectionException) {
                return true;
            }
            if (t instanceof PgException pg && pg.getSqlState() != null) {
                String state = pg.getSqlState();
                // 08: connection exception, 57P0x: shutdown/cannot connect now, 53: insufficient resources
                if (state.startsWith("08") || state.startsWith("57P") || state.startsWith("53")) {
                    return true;
                }
            }
            String name = t.getClass().getName();
            if (name.endsWith("NoStackTraceThrowable") && String.valueOf(t.getMessage()).contains("Timeout")) {
                return true;
            }
        }
        return false;
    }

    /**
     * PostgreSQL refused text the client sent: the NUL character, which neither {@code text}
     * (22021) nor {@code jsonb} (U+0000 escaped, 22P05) can hold. The transaction was rolled back;
     * the request, not the service, is at fault.
     */
    public static boolean isUnstorableText(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PgException pg && ("22P05".equals(pg.getSqlState()) || "22021".equals(pg.getSqlState()))) {
                return true;
            }
        }
        return false;
    }
}
