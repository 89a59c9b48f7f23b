package io.projectservice.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.projectservice.support.Api;
import io.projectservice.support.Await;
import io.projectservice.support.PostgresResource;
import io.projectservice.support.TcpProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A database connection lost under a running query, however it is lost, is a 503 with
 * {@code Retry-After} in the envelope, never a 500, and nothing is written. The save is held in
 * the database (the test holds its project's stream lock over a connection of its own, straight
 * to the server) while the path from the service to the server is reset (RST: the service reads
 * {@code java.net.SocketException: Connection reset}, as when PostgreSQL shuts down) or closed
 * (FIN: the connection simply ends).
 */
@QuarkusTest
class DatabaseConnectionLossTest {
    private static final Duration BOUND = Duration.ofSeconds(30);

    @Inject
    Vertx vertx;

    private PgConnection direct;

    @BeforeEach
    void connect() {
        direct = PgConnection.connect(vertx, new PgConnectOptions().setHost("127.0.0.1").setPort(PostgresResource.port())
                .setDatabase("postgres").setUser("postgres").setPassword("postgres")).await().atMost(BOUND);
    }

    @AfterEach
    void reconnect() {
        PostgresResource.serviceLink().restore();
        direct.close().await().atMost(BOUND);
        Await.until("readiness UP", BOUND, () -> given().get("/q/health/ready").statusCode() == 200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"reset", "closed"})
    void aQueryWhoseConnectionIsLostAnswers503WithRetryAfter(String how) throws Exception {
        String id = "lost-" + how + "-" + System.nanoTime();
        // what the service saw, as it logs it: the test must have cut the connection the way it says
        List<String> seen = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                seen.add(record.getMessage() + " " + Arrays.toString(record.getParameters()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger errors = Logger.getLogger("io.projectservice.api.ErrorMapping");
        errors.addHandler(handler);
        // the service answers saves before the test starts (a first request can be slow on a busy machine)
        save("Before the loss").then().statusCode(200);
        sql("SELECT pg_advisory_lock(hashtextextended($1, 0))", id);
        CompletableFuture<Response> save;
        TcpProxy link = PostgresResource.serviceLink();
        try {
            save = CompletableFuture.supplyAsync(() -> Api.as("ann", "acme")
                    .body(Map.of("project", Map.of("id", id, "name", "Lost with its connection")))
                    .post(Api.SELF_HOSTED_SEED.path("ann", "acme", "lost", "save")));
            Await.until("the save waits for its stream lock", BOUND,
                    () -> count("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted") > 0);
            if (how.equals("reset")) {
                link.reset();
            } else {
                link.cut();
            }
            save.get(BOUND.toSeconds(), TimeUnit.SECONDS).then().statusCode(503)
                    .header("Retry-After", equalTo("2"))
                    .body("status", equalTo("error")).body("data", nullValue())
                    .body("message", equalTo("The database is unavailable; retry shortly"));
        } finally {
            sql("SELECT pg_advisory_unlock(hashtextextended($1, 0))", id);
            errors.removeHandler(handler);
        }
        String expected = how.equals("reset") ? "java.net.SocketException: Connection reset"
                : "io.vertx.sqlclient.ClosedConnectionException";
        assertTrue(seen.stream().anyMatch(line -> line.contains(expected)), "the service saw " + seen);
        link.restore();
        // the service's half-done transaction never commits: nothing of it, now or later
        save("After the loss").then().statusCode(200);
        assertEquals(0, count("SELECT count(*) FROM project_streams WHERE stream_id = '" + id + "'"));
        assertEquals(0, count("SELECT count(*) FROM project_events WHERE stream_id = '" + id + "'"));
    }

    private static Response save(String name) {
        return Api.as("ann", "acme").body(Map.of("project", Map.of("name", name)))
                .post(Api.SELF_HOSTED_SEED.path("ann", "acme", "lost", "save"));
    }

    private long count(String sql) {
        return direct.query(sql).execute().await().atMost(BOUND).iterator().next().getLong(0);
    }

    private void sql(String sql, String param) {
        direct.preparedQuery(sql).execute(Tuple.of(param)).await().atMost(BOUND);
    }
}
