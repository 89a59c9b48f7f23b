-- pgbench script (bench/run.sh): one INSERT per transaction into bench_pgbench_events, a scratch
-- table created as (LIKE project_events INCLUDING ALL): the same columns, defaults (identity
-- position, now(), the transaction id) and indexes (unique uuid, unique (stream, version),
-- (tx_id, position)). The jsonb data and metadata are what a save of the benchmark writes
-- (a ProjectCreated of about 330 bytes, metadata of about 150 bytes).
INSERT INTO bench_pgbench_events (event_id, stream_id, version, type, data, metadata)
VALUES (gen_random_uuid(), substr(md5(random()::text), 1, 16), 1, 'ProjectCreated',
        '{"id": "5f0c2a9e1b3", "scope": "user", "author": "bench", "content": {"name": "bench save", "files": [], "tables": [], "concepts": [], "metadata": {"source": "bench", "priority": "high"}, "ontology": {"edges": [], "nodes": []}, "description": "a project saved by the benchmark"}, "workspace_id": "bench-save", "organization": "bench"}'::jsonb,
        '{"actor": "bench", "scope": "user", "request_id": "0b6b1c7e-3b1f-4c2e-9d55-6f1f2e3a4b5c", "workspace_id": "bench-save", "organization": "bench"}'::jsonb);
