-- Where the relay has got to in the log, in (tx_id, global_position) order. The row is also the
-- relay's lease: a replica relays only while it holds this row locked, so replicas never publish
-- the same batch at once, and a replica that dies releases it with its connection.
CREATE TABLE relay_checkpoints (
    name          TEXT PRIMARY KEY,
    last_tx_id    XID8        NOT NULL,
    last_position BIGINT      NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
INSERT INTO relay_checkpoints (name, last_tx_id, last_position) VALUES ('events', '0', 0);

-- The list read model, projected from Kafka. A deleted project stays as a tombstone row so a
-- redelivered older event can never bring it back (every write is guarded by version).
CREATE TABLE project_list_view (
    project_id   TEXT PRIMARY KEY,
    workspace_id TEXT        NOT NULL,
    scope        TEXT        NOT NULL,
    author       TEXT        NOT NULL,
    organization TEXT,
    name         TEXT,
    description  TEXT,
    metadata     JSONB       NOT NULL DEFAULT '{}',
    created_at   TIMESTAMPTZ,
    updated_at   TIMESTAMPTZ NOT NULL,
    version      INT         NOT NULL,
    deleted      BOOLEAN     NOT NULL DEFAULT false
);
CREATE INDEX project_list_view_user ON project_list_view (workspace_id, author, updated_at DESC, project_id)
    WHERE NOT deleted AND scope = 'user';
CREATE INDEX project_list_view_org ON project_list_view (workspace_id, organization, updated_at DESC, project_id)
    WHERE NOT deleted AND scope = 'organization';
