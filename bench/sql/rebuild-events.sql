-- bench/run.sh: :streams projects of :per_stream events each, written straight into the log in the
-- shapes the service writes (EventStore.append, ProjectEvents): version 1 is ProjectCreated with
-- the project's attributes and its full content, versions 2..n are ProjectUpdated with changes
-- (the description). The fold (ProjectState.apply) and the rebuild read them like any others.
-- Written in one transaction, so recorded_at and tx_id are the same for all of them.
-- Only the rebuild reads them: bench/run.sh stops the service (relay and projector) first.
\set ON_ERROR_STOP on
BEGIN;
INSERT INTO project_streams (stream_id, version, workspace_id, scope, author, organization, deleted)
SELECT 'rb' || lpad(to_hex(s), 9, '0'), :per_stream, 'bench-rebuild', 'user', 'bench', 'bench', false
FROM generate_series(1, :streams) AS s;

INSERT INTO project_events (event_id, stream_id, version, type, data, metadata)
SELECT gen_random_uuid(), i.id, v,
       CASE WHEN v = 1 THEN 'ProjectCreated' ELSE 'ProjectUpdated' END,
       CASE WHEN v = 1 THEN jsonb_build_object(
                'id', i.id, 'workspace_id', 'bench-rebuild', 'scope', 'user', 'author', 'bench',
                'organization', 'bench',
                'content', jsonb_build_object(
                    'name', 'Rebuild project ' || s,
                    'description', 'created by the rebuild benchmark',
                    'metadata', jsonb_build_object('source', 'bench', 'n', s),
                    'ontology', '{"nodes": [], "edges": []}'::jsonb,
                    'concepts', '[]'::jsonb, 'files', '[]'::jsonb, 'tables', '[]'::jsonb))
            ELSE jsonb_build_object('changes', jsonb_build_object(
                'description', 'revision ' || v || ' of rebuild project ' || s))
       END,
       jsonb_build_object('actor', 'bench', 'organization', 'bench', 'workspace_id', 'bench-rebuild',
                          'scope', 'user', 'request_id', 'bench-rebuild-' || s || '-' || v)
FROM generate_series(1, :streams) AS s
CROSS JOIN LATERAL (SELECT 'rb' || lpad(to_hex(s), 9, '0') AS id) AS i
CROSS JOIN generate_series(1, :per_stream) AS v
ORDER BY s, v;
COMMIT;
ANALYZE project_events;
ANALYZE project_streams;
