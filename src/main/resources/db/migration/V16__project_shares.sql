-- Shares of a project with one other person (issue 14). The share's life is events in the
-- project's stream (ProjectShared, ShareAccepted, ShareRoleChanged, ShareRevoked, ShareLeft,
-- ShareSuperseded); this table is their current state, written in the transaction that appends
-- them, under the project's stream lock. Authorization reads it (never the Kafka-fed view), so a
-- revoke is honoured by the very next request on every replica.
--
-- A share belongs to one incarnation of its project: a deleted project (or a new one under its
-- id) is not what was shared, so every use compares incarnation_start with the stream's.
-- Expiry is checked at use (expires_at > now()); nothing needs to sweep.
CREATE TABLE project_shares (
    share_id               TEXT        PRIMARY KEY,
    project_id             TEXT        NOT NULL REFERENCES project_streams (stream_id),
    incarnation_start      INT         NOT NULL,
    sharer                 TEXT        NOT NULL,
    sharer_organization    TEXT,
    -- exactly one way of naming the recipient: sub, email (lower case), or username + organization
    recipient_sub          TEXT,
    recipient_email        TEXT,
    recipient_username     TEXT,
    recipient_organization TEXT,
    share_role             TEXT        NOT NULL CHECK (share_role IN ('viewer', 'editor')),
    status                 TEXT        NOT NULL
        CHECK (status IN ('pending', 'accepted', 'revoked', 'left', 'superseded')),
    created_at             TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at             TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at             TIMESTAMPTZ,
    accepted_at            TIMESTAMPTZ,
    -- the share left the recipient's inbox: left by them, ended before they accepted, or pruned by
    -- their share/sync; the recipient indexes cover only the rest, so an inbox never scans history
    pruned_at              TIMESTAMPTZ,
    CHECK (num_nonnulls(recipient_sub, recipient_email, recipient_username) = 1),
    CHECK ((recipient_username IS NULL) = (recipient_organization IS NULL))
);

-- the grant check and the owner's per-project work: a project's live shares
CREATE INDEX project_shares_project ON project_shares (project_id, status);
-- the owner's outbox, newest first
CREATE INDEX project_shares_outbox ON project_shares (sharer, sharer_organization, created_at DESC, share_id DESC);
-- the recipient's inbox and sync, by each way of naming them
CREATE INDEX project_shares_to_sub ON project_shares (recipient_sub, created_at DESC)
    WHERE recipient_sub IS NOT NULL AND pruned_at IS NULL;
CREATE INDEX project_shares_to_email ON project_shares (recipient_email, created_at DESC)
    WHERE recipient_email IS NOT NULL AND pruned_at IS NULL;
CREATE INDEX project_shares_to_user ON project_shares (recipient_username, recipient_organization, created_at DESC)
    WHERE recipient_username IS NOT NULL AND pruned_at IS NULL;
