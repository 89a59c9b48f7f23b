package io.projectservice.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
        String id = "lost-" + how;
        long events = count("SELECT count(*) FROM project_events");
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
        }
        link.restore();
        // the service's half-done transaction never commits: nothing of it, now or later
        Api.as("ann", "acme").body(Map.of("project", Map.of("name", "After the loss")))
                .post(Api.SELF_HOSTED_SEED.path("ann", "acme", "lost", "save")).then().statusCode(200);
        assertEquals(0, count("SELECT count(*) FROM project_streams WHERE stream_id = '" + id + "'"));
        assertEquals(events + 1, count("SELECT count(*) FROM project_events"), "only the save after the loss");
    }

    private long count(String sql) {
        return direct.query(sql).execute().await().atMost(BOUND).iterator().next().getLong(0);
    }

    private void sql(String sql, String param) {
        direct.preparedQuery(sql).execute(Tuple.of(param)).await().atMost(BOUND);
    }
}
