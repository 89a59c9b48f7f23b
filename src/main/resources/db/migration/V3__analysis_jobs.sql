-- create-from-context: one job per request, its uploads, and the outbox of requests for the
-- analysis workers (relayed to Kafka by the same relay as the event log, with the same ordering).
CREATE TABLE analysis_jobs (
    job_id        TEXT PRIMARY KEY,
    workspace_id  TEXT        NOT NULL,
    scope         TEXT        NOT NULL,
    author        TEXT        NOT NULL,
    organization  TEXT,
    request_id    TEXT,
    context       TEXT,
    concept_names JSONB       NOT NULL DEFAULT '[]',
    state         TEXT        NOT NULL CHECK (state IN ('queued', 'extracting', 'analyzing', 'succeeded', 'failed')),
    progress      INT         NOT NULL DEFAULT 0,
    attempts      INT         NOT NULL DEFAULT 0,
    lease_until   TIMESTAMPTZ,
    project_id    TEXT,
    result        JSONB,
    error         TEXT,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE analysis_uploads (
    job_id       TEXT   NOT NULL REFERENCES analysis_jobs (job_id) ON DELETE CASCADE,
    file_index   INT    NOT NULL,
    name         TEXT   NOT NULL,
    content_type TEXT,
    size         BIGINT NOT NULL,
    sha256       TEXT   NOT NULL,
    content      BYTEA  NOT NULL,
    PRIMARY KEY (job_id, file_index)
);

CREATE TABLE analysis_outbox (
    position   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id     TEXT        NOT NULL,
    payload    JSONB       NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    tx_id      XID8        NOT NULL DEFAULT pg_current_xact_id()
);
CREATE INDEX analysis_outbox_tx_order ON analysis_outbox (tx_id, position);
INSERT INTO relay_checkpoints (name, last_tx_id, last_position) VALUES ('analysis', '0', 0);
