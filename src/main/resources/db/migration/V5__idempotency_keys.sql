-- Idempotency-Key on POST: the first successful response per caller and key, until it expires.
-- The row is also the key's lock: the request that inserted it (owner) runs; a duplicate waits
-- for its response. Every transaction of the owner marks the row committed in the same
-- transaction (and fails if it is no longer the owner), so "committed" is exact: a stale claim
-- that never committed may be taken over by a retry; one that committed never runs twice.
CREATE TABLE idempotency_keys (
    username      TEXT        NOT NULL,
    organization  TEXT        NOT NULL,          -- '' for a caller without an organization
    key           TEXT        NOT NULL,
    request_hash  TEXT        NOT NULL,          -- SHA-256 of method, canonical path and query, body
    owner         UUID        NOT NULL,
    committed     BOOLEAN     NOT NULL DEFAULT false,
    status        INT,                           -- null while the owner runs
    body          TEXT,
    etag          TEXT,
    claimed_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (username, organization, key)
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
