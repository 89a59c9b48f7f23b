package io.projectservice.database;

import io.projectservice.config.ClasspathText;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Applies the SQL files listed in {@code db/migration/index.txt}, in order, each once, each in its
 * own transaction. An advisory lock lets several replicas start at the same time.
 */
@ApplicationScoped
public class Migrations {
    private static final Logger LOG = Logger.getLogger(Migrations.class);
    private static final long LOCK_KEY = 7_020_211_305L;
    private static final String DIR = "db/migration/";

    private final Pool pool;

    public Migrations(Pool pool) {
        this.pool = pool;
    }

    void onStart(@Observes @Priority(1) StartupEvent event) {
        // startup runs on the main thread, before the HTTP server takes requests
        migrate().await().atMost(Duration.ofMinutes(2));
    }

    public Uni<Integer> migrate() {
        List<String> files = ClasspathText.index(DIR + "index.txt");
        return pool.withConnection(conn -> conn.query("SET client_min_messages = warning").execute()
                .flatMap(x -> conn.query("SELECT pg_advisory_lock(" + LOCK_KEY + ")").execute())
                .flatMap(x -> conn.query("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY,"
                        + " applied_at TIMESTAMPTZ NOT NULL DEFAULT now())").execute())
                .flatMap(x -> conn.query("SELECT name FROM schema_migrations").execute())
                .map(rows -> {
                    Set<String> applied = new java.util.HashSet<>();
                    rows.forEach(r -> applied.add(r.getString(0)));
                    return files.stream().filter(f -> !applied.contains(f)).collect(Collectors.toList());
                })
                .flatMap(pending -> Multi.createFrom().iterable(pending)
                        .onItem().transformToUniAndConcatenate(name -> apply(conn, name))
                        .collect().asList().map(List::size))
                .call(x -> conn.query("SELECT pg_advisory_unlock(" + LOCK_KEY + ")").execute())
                .call(x -> conn.query("RESET client_min_messages").execute()))
                .invoke(n -> {
                    if (n > 0) {
                        LOG.infof("applied %d database migration(s)", n);
                    }
                });
    }

    private Uni<String> apply(SqlConnection conn, String name) {
        String sql = ClasspathText.read(DIR + name);
        return conn.query("BEGIN").execute()
                .flatMap(x -> conn.query(sql).execute())
                .flatMap(x -> conn.preparedQuery("INSERT INTO schema_migrations (name) VALUES ($1)")
                        .execute(Tuple.of(name)))
                .flatMap(x -> conn.query("COMMIT").execute())
                .onFailure().call(e -> conn.query("ROLLBACK").execute().onFailure().recoverWithNull())
                .replaceWith(name);
    }
}
