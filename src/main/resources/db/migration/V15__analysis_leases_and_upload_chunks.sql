-- create-from-context, hardened (issue 11).
--
-- Leases with a fencing token: every claim of a job increments lease_token, and everything the
-- worker writes afterwards (renewal, progress, result, failure) names the token it was given, so a
-- worker that outlived its lease (paused, partitioned, slow) changes nothing once another worker
-- has claimed the job. lease_holder says which process holds it (for operators); last_error is
-- why the previous attempt ended without a result, reported when the attempts run out.
ALTER TABLE analysis_jobs
    ADD COLUMN lease_token  BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN lease_holder TEXT,
    ADD COLUMN last_error   TEXT;

-- Uploaded files as rows of at most 1 MiB each (projects.create-from-context.chunk-bytes), written
-- and read one chunk at a time: neither the request nor the worker ever holds a whole file, and the
-- driver never builds a 25 MiB bytea parameter or result. analysis_uploads keeps the file's name,
-- type, size and sha256; its bytes are deleted when the job finishes (the project records the
-- file's metadata, nothing serves the bytes afterwards).
CREATE TABLE analysis_upload_chunks (
    job_id      TEXT  NOT NULL REFERENCES analysis_jobs (job_id) ON DELETE CASCADE,
    file_index  INT   NOT NULL,
    chunk_index INT   NOT NULL,
    bytes       BYTEA NOT NULL,
    PRIMARY KEY (job_id, file_index, chunk_index)
);

-- files of jobs accepted before this migration: their bytes become chunks, unless already finished
INSERT INTO analysis_upload_chunks (job_id, file_index, chunk_index, bytes)
SELECT u.job_id, u.file_index, n, substring(u.content FROM 1 + n * 1048576 FOR 1048576)
FROM analysis_uploads u
JOIN analysis_jobs j ON j.job_id = u.job_id AND j.state NOT IN ('succeeded', 'failed'),
     LATERAL generate_series(0, greatest(0, (length(u.content) - 1) / 1048576)) AS n;
ALTER TABLE analysis_uploads DROP COLUMN content;
