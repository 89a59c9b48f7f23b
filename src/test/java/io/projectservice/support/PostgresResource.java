package io.projectservice.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * A real PostgreSQL 15 server for the test run, started from the embedded binaries. The service
 * reaches it through a {@link TcpProxy}, which a test can cut; tests' own connections go direct.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {
    private static EmbeddedPostgres postgres;
    private static TcpProxy proxy;

    @Override
    public Map<String, String> start() {
        try {
            if (postgres == null) {
                postgres = EmbeddedPostgres.builder()
                        .setServerConfig("max_connections", "200")
                        .setServerConfig("fsync", "off")
                        .start();
                proxy = new TcpProxy().forwardTo("127.0.0.1", postgres.getPort());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + proxy.port() + "/postgres",
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
    }

    /** The server's own port, for tests' direct connections. */
    public static int port() {
        return postgres.getPort();
    }

    /** The path from the service to the server. */
    public static TcpProxy serviceLink() {
        return proxy;
    }

    @Override
    public void stop() {
        // called once, after the last test class
        if (postgres != null) {
            proxy.close();
            try {
                postgres.close();
            } catch (IOException e) {
                // the JVM is ending anyway
            }
            postgres = null;
        }
    }
}
