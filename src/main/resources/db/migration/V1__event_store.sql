-- The event log: the only source of truth. One stream per project, versions 1..n without gaps.
CREATE TABLE project_events (
    global_position BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id        UUID        NOT NULL UNIQUE,
    stream_id       TEXT        NOT NULL,
    version         INT         NOT NULL CHECK (version > 0),
    type            TEXT        NOT NULL,
    data            JSONB       NOT NULL,
    metadata        JSONB       NOT NULL,
    recorded_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- the writing transaction: the relay reads in (tx_id, global_position) order and only below
    -- the oldest running transaction, so a late commit of a lower position is never skipped
    tx_id           XID8        NOT NULL DEFAULT pg_current_xact_id(),
    UNIQUE (stream_id, version)
);
CREATE INDEX project_events_tx_order ON project_events (tx_id, global_position);

-- One row per stream: its head version (the optimistic-concurrency check and the row writers
-- lock) and the attributes every authorization check needs, so no check has to fold events.
CREATE TABLE project_streams (
    stream_id     TEXT        PRIMARY KEY,
    version       INT         NOT NULL,
    workspace_id  TEXT        NOT NULL,
    scope         TEXT        NOT NULL CHECK (scope IN ('user', 'organization')),
    author        TEXT        NOT NULL,
    organization  TEXT,
    deleted       BOOLEAN     NOT NULL DEFAULT false,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX project_streams_author ON project_streams (workspace_id, author);
CREATE INDEX project_streams_organization ON project_streams (workspace_id, organization);

-- Folded state every N events, so a load reads a snapshot plus a short tail.
CREATE TABLE project_state_snapshots (
    stream_id TEXT  NOT NULL,
    version   INT   NOT NULL,
    state     JSONB NOT NULL,
    PRIMARY KEY (stream_id, version)
);
