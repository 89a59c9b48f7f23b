package io.projectservice.idempotency;

import io.projectservice.config.ServiceConfig;
import io.projectservice.errors.Refusal;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;

/**
 * The SQL of {@code idempotency_keys}: claim a key (or learn what became of it), mark it in each
 * transaction of its owner, keep the first response, forget failures, delete expired keys.
 */
@ApplicationScoped
public class IdempotencyKeys {
    private static final Duration POLL = Duration.ofMillis(50);
    /** A key's row and its owner's claim: $1 username, $2 organization, $3 key, $4 owner. */
    private static final String WHERE_OWNED_KEY =
            " WHERE username = $1 AND organization = $2 AND key = $3 AND owner = $4";

    private final Pool pool;
    private final ServiceConfig.Idempotency config;

    public IdempotencyKeys(Pool pool, ServiceConfig config) {
        this.pool = pool;
        this.config = config.idempotency();
    }

    /** What a request with a key gets to do: run (it holds the claim) or answer the stored response. */
    public sealed interface Outcome permits Claimed, Replay {
    }

    public record Claimed(IdempotencyClaim claim) implements Outcome {
    }

    public record Replay(int status, String body, String etag) implements Outcome {
    }

    /**
     * Claims the key for this request; if another request holds it with the same request hash,
     * waits (bounded) for its response. A different hash is a 422.
     */
    public Uni<Outcome> acquire(String username, String organization, String key, String requestHash) {
        IdempotencyClaim mine = new IdempotencyClaim(username, organization == null ? "" : organization, key,
                UUID.randomUUID());
        return attempt(mine, requestHash, System.nanoTime() + config.waitForFirst().toNanos());
    }

    private Uni<Outcome> attempt(IdempotencyClaim mine, String requestHash, long deadline) {
        return claim(mine, requestHash).flatMap(claimed -> {
            if (claimed) {
                return Uni.createFrom().item(new Claimed(mine));
            }
            return pool.preparedQuery("""
                    SELECT request_hash, status, body, etag, committed, claimed_at < now() - make_interval(secs => $4)
                    FROM idempotency_keys
                    WHERE username = $1 AND organization = $2 AND key = $3 AND expires_at > now()""")
                    .execute(key(mine).addDouble(seconds(config.claimTimeout())))
                    .flatMap(rows -> {
                        if (rows.size() == 0) {
                            // released or expired in between: claim again
                            return System.nanoTime() > deadline ? Uni.createFrom().failure(stillRunning(mine))
                                    : attempt(mine, requestHash, deadline);
                        }
                        Row r = rows.iterator().next();
                        if (!r.getString(0).equals(requestHash)) {
                            throw Refusal.unprocessable("idempotency_key_reused",
                                    "Idempotency-Key '" + mine.key() + "' was used for a"
                                    + " different request; use a new key for a new request");
                        }
                        if (r.getInteger(1) != null) {
                            return Uni.createFrom().item(new Replay(r.getInteger(1), r.getString(2), r.getString(3)));
                        }
                        if (r.getBoolean(4) && r.getBoolean(5)) {
                            throw Refusal.conflict("idempotency_response_lost",
                                    "The request with Idempotency-Key '" + mine.key()
                                    + "' was applied, but its response was lost; load the project to see the result");
                        }
                        if (System.nanoTime() > deadline) {
                            throw stillRunning(mine);
                        }
                        return Uni.createFrom().voidItem().onItem().delayIt().by(POLL)
                                .flatMap(x -> attempt(mine, requestHash, deadline));
                    });
        });
    }

    /**
     * Inserts the claim; takes over an expired key, or a stale claim of the same request that
     * never committed anything (its owner died: whatever it did was rolled back).
     */
    private Uni<Boolean> claim(IdempotencyClaim mine, String requestHash) {
        return pool.preparedQuery("""
                INSERT INTO idempotency_keys (username, organization, key, request_hash, owner, expires_at)
                VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))
                ON CONFLICT (username, organization, key) DO UPDATE SET request_hash = EXCLUDED.request_hash,
                    owner = EXCLUDED.owner, committed = false, status = NULL, body = NULL, etag = NULL,
                    claimed_at = now(), expires_at = EXCLUDED.expires_at
                WHERE idempotency_keys.expires_at <= now()
                   OR (idempotency_keys.status IS NULL AND NOT idempotency_keys.committed
                       AND idempotency_keys.request_hash = EXCLUDED.request_hash
                       AND idempotency_keys.claimed_at < now() - make_interval(secs => $7))
                RETURNING owner""")
                .execute(key(mine).addString(requestHash).addUUID(mine.owner()).addDouble(seconds(config.ttl()))
                        .addDouble(seconds(config.claimTimeout())))
                .map(rows -> rows.size() == 1);
    }

    /**
     * Called last in every transaction of a request holding a claim, after its stream locks and
     * appends (no write may come before those locks): marks it committed (which counts only if the
     * transaction commits) and fails the transaction if a retry took the key over, so the two can
     * never both commit an append.
     */
    public Uni<Void> markInTransaction(SqlConnection tx, IdempotencyClaim claim) {
        if (claim == null) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery("UPDATE idempotency_keys SET committed = true" + WHERE_OWNED_KEY)
                .execute(key(claim).addUUID(claim.owner()))
                .map(rows -> {
                    if (rows.rowCount() != 1) {
                        throw Refusal.conflict("idempotency_taken_over",
                                "Another request with Idempotency-Key '" + claim.key()
                                + "' took over; its result is the one that counts");
                    }
                    return null;
                });
    }

    /** Keeps the response for retries. */
    public Uni<Void> complete(IdempotencyClaim claim, int status, String body, String etag) {
        return pool.preparedQuery("UPDATE idempotency_keys SET status = $5, body = $6, etag = $7" + WHERE_OWNED_KEY)
                .execute(key(claim).addUUID(claim.owner()).addInteger(status).addString(body).addString(etag))
                .replaceWithVoid();
    }

    /**
     * Forgets a failed request that committed nothing, so its retry runs again; one that did
     * commit keeps its (failure) response like any other. True when the key was forgotten.
     */
    public Uni<Boolean> release(IdempotencyClaim claim) {
        return pool.preparedQuery("DELETE FROM idempotency_keys" + WHERE_OWNED_KEY + " AND NOT committed")
                .execute(key(claim).addUUID(claim.owner()))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Integer> deleteExpired() {
        return pool.query("DELETE FROM idempotency_keys WHERE expires_at <= now()").execute()
                .map(rows -> rows.rowCount());
    }

    private static Refusal stillRunning(IdempotencyClaim c) {
        return Refusal.conflict("idempotency_in_progress",
                "A request with Idempotency-Key '" + c.key() + "' is still running;"
                + " retry in a moment");
    }

    private static Tuple key(IdempotencyClaim c) {
        return Tuple.tuple().addString(c.username()).addString(c.organization()).addString(c.key());
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
