-- Quotas (limits/Quotas): what an organization stores, without a counter row every write of the
-- organization would have to lock. Each stream's head row, which its writers already lock and
-- move in the append statement, also adds up the bytes of its events (their data and metadata
-- JSON as sent); an organization's usage is the sum over its streams, read now and then (and at
-- every write near a limit) with the index below. stored_bytes is in no index, so the head's
-- update stays a HOT update.
ALTER TABLE project_streams ADD COLUMN stored_bytes BIGINT NOT NULL DEFAULT 0;

-- Streams written before this migration: their events as PostgreSQL prints them (jsonb adds a
-- space after each ':' and ',', so a little more than the bytes that were sent).
UPDATE project_streams s SET stored_bytes = e.bytes
FROM (SELECT stream_id, sum(octet_length(data::text) + octet_length(metadata::text))::bigint AS bytes
      FROM project_events GROUP BY stream_id) e
WHERE e.stream_id = s.stream_id;

-- An organization's streams (every scope and workspace), or an organization-less user's.
CREATE INDEX project_streams_owner ON project_streams (organization, author);
