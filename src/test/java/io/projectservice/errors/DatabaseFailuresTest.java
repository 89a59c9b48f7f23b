package io.projectservice.errors;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.CompositeException;
import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every way the database connection is lost is "database unavailable" (503); anything else is not. */
class DatabaseFailuresTest {

    @Test
    void everyWayOfLosingTheDatabaseIsUnavailable() {
        List<Throwable> lost = List.of(
                new SocketException("Connection reset"),
                new SocketException("Broken pipe"),
                new IOException("Broken pipe"),
                new CompositeException(new IOException("Broken pipe"), new IOException("Broken pipe")),
                new ConnectException("Connection refused"),
                new ClosedChannelException(),
                new UnknownHostException("projects-db-rw"),
                ClosedConnectionException.INSTANCE,
                new VertxException("Connection was closed", true),
                new NoStackTraceThrowable("Pending requests failed to be sent due to connection has been closed."),
                new NoStackTraceThrowable("Timeout"),
                new ConnectionPoolTooBusyException("Connection pool reached max wait queue size of 100"),
                pg("57P01", "terminating connection due to administrator command"),
                pg("57P02", "terminating connection due to crash of another server process"),
                pg("57P03", "the database system is shutting down"),
                pg("08006", "connection failure"),
                pg("53300", "sorry, too many clients already"),
                new RuntimeException("wrapped", new SocketException("Connection reset")),
                new CompositeException(new IllegalStateException("rollback failed"),
                        new SocketException("Connection reset")));
        for (Throwable e : lost) {
            assertTrue(DatabaseFailures.isDatabaseUnavailable(e), e.toString());
        }
    }

    @Test
    void otherFailuresAreNot() {
        List<Throwable> others = List.of(
                new IllegalStateException("a bug"),
                new UncheckedIOException(new IOException("No space left on device")),
                pg("23505", "duplicate key value violates unique constraint"),
                pg("22P05", "unsupported Unicode escape sequence"),
                pg("40P01", "deadlock detected"),
                new VertxException("Something else"));
        for (Throwable e : others) {
            assertFalse(DatabaseFailures.isDatabaseUnavailable(e), e.toString());
        }
    }

    private static PgException pg(String state, String message) {
        return new PgException(message, "FATAL", state, null);
    }
}
