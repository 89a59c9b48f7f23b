-- pgbench script (bench/run.sh, -M prepared): the SQL of one save that creates a project, as the
-- service sends it (ProjectCommands.save -> ProjectRepository.transaction/append -> EventStore):
-- BEGIN; the stream lock with its head read (EventStore.lockHead, the V8 function on the real
-- project_streams: a miss, as for every new project); the append (EventStore's CREATE_HEAD: size
-- the events, insert the head, insert the event, NOTIFY); COMMIT. Copied from EventStore with the
-- parameters written out; only two things differ: the head and the event go to scratch tables
-- created as (LIKE project_streams / project_events INCLUDING ALL), and the NOTIFY goes to a
-- channel nobody listens on, so the service's relay and projector do not work for the baseline.
-- The quota's usage read is left out: the service reads it once per refresh interval, not per save.
-- Data and metadata are what a save of the benchmark writes (as in pgbench-insert.sql).
\set n random(1, 2000000000)
BEGIN;
SELECT stream_id, version, workspace_id, scope, author, organization, deleted, created_at, updated_at, incarnation, incarnation_start FROM lock_stream_head('pgb' || :n || '-' || :client_id);
WITH e AS MATERIALIZED (SELECT u.id, u.type, u.data, u.n, octet_length(u.data::text) AS bytes FROM (SELECT id, type, data::jsonb AS data, n  FROM unnest(ARRAY[gen_random_uuid()]::uuid[], ARRAY['ProjectCreated']::text[], ARRAY['{"id":"5f0c2a9e1b3","scope":"user","author":"bench","content":{"name":"bench save","files":[],"tables":[],"concepts":[],"metadata":{"source":"bench","priority":"high"},"ontology":{"edges":[],"nodes":[]},"description":"a project saved by the benchmark"},"workspace_id":"bench-save","organization":"bench"}']::text[]) WITH ORDINALITY AS x(id, type, data, n)) u), largest AS (SELECT bytes, n FROM e ORDER BY bytes DESC, n LIMIT 1), head AS (INSERT INTO bench_save_streams (stream_id, version, workspace_id, scope, author, organization, deleted, stored_bytes) SELECT 'pgb' || :n || '-' || :client_id, 1, 'bench-save', 'user', 'bench', 'bench', false, 480 WHERE (SELECT bytes FROM largest) <= 15728640 ON CONFLICT DO NOTHING RETURNING stream_id), events AS (INSERT INTO bench_save_events (event_id, stream_id, version, type, data, metadata, data_bytes) SELECT e.id, head.stream_id, 0 + e.n::int, e.type, e.data, '{"actor":"bench","scope":"user","request_id":"0b6b1c7e-3b1f-4c2e-9d55-6f1f2e3a4b5c","workspace_id":"bench-save","organization":"bench","incarnation":1,"incarnation_start":1}'::text::jsonb, e.bytes FROM head, e ORDER BY e.n RETURNING version, global_position, recorded_at) SELECT (SELECT count(*) FROM events)::int, largest.bytes, largest.n::int, pg_notify('bench_pgbench_save', 'pgb' || :n || '-' || :client_id), (SELECT array_agg(global_position ORDER BY version) FROM events), (SELECT min(recorded_at) FROM events) FROM largest;
COMMIT;
