package io.projectservice.errors;

import io.vertx.pgclient.PgException;
import java.io.IOException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;

/** Classifies infrastructure failures: PostgreSQL unreachable, or text it cannot store. */
public final class DatabaseFailures {
    private DatabaseFailures() {
    }

    /**
     * Connection-level trouble with PostgreSQL, however it shows: the client should retry, it did
     * nothing wrong. The connection refused or reset ({@code SocketException}, a write's
     * {@code IOException: Broken pipe}, Netty's native "Connection reset by peer"), closed under a
     * query ({@code ClosedConnectionException}, Vert.x's {@code Connection was closed}, requests
     * pending on a closed connection, a closed channel), the host unknown for a while (a
     * failover's DNS), the pool's wait timing out or its queue full, and the server's own words
     * for it: SQLSTATE class 08 (connection exception), 57P01-57P05 (admin/crash shutdown, cannot
     * connect now, idle session timeout, database dropped) and class 53 (insufficient resources,
     * e.g. too many connections). On the API's path PostgreSQL is the only thing reached over a
     * socket, so a socket failure is its.
     */
    public static boolean isDatabaseUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SocketException || t instanceof ClosedChannelException
                    || t instanceof UnknownHostException || t instanceof io.vertx.sqlclient.ClosedConnectionException
                    || t instanceof io.vertx.core.http.ConnectionPoolTooBusyException) {
                return true;
            }
            if (t instanceof PgException pg && pg.getSqlState() != null) {
                String state = pg.getSqlState();
                if (state.startsWith("08") || state.startsWith("57P") || state.startsWith("53")) {
                    return true;
                }
            }
            String name = t.getClass().getName();
            String message = String.valueOf(t.getMessage());
            if (t instanceof IOException && fromSocket(t, name, message)) {
                return true;
            }
            // Vert.x reports these with plain exception types, told apart by their fixed messages
            if (message.equals("Connection was closed") || message.startsWith("Pending requests failed to be sent")
                    || name.endsWith("NoStackTraceThrowable") && message.contains("Timeout")) {
                return true;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (isDatabaseUnavailable(suppressed)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * An I/O failure of a network connection. Writing to a socket the server has closed fails
     * with a bare {@code IOException: Broken pipe} (not a SocketException: the JDK's socket
     * dispatcher throws it so); Netty's native transport words it "recvAddress(..) failed:
     * Connection reset by peer". Told apart from a file's I/O failure by its message or by where
     * it was thrown.
     */
    private static boolean fromSocket(Throwable t, String name, String message) {
        if (name.startsWith("io.netty.channel.unix.Errors") || message.contains("Broken pipe")
                || message.contains("Connection reset")) {
            return true;
        }
        for (StackTraceElement frame : t.getStackTrace()) {
            String at = frame.getClassName();
            if (at.startsWith("sun.nio.ch.Socket") || at.startsWith("io.netty.channel.")) {
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
