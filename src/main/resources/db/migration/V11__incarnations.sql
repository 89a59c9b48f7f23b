-- A deleted project's id may be used again (save, import): the new project is a new incarnation of
-- the stream. Versions go on gaplessly in the log (consumers are idempotent by stream and version, and
-- keep tombstones), and the head records which incarnation is current and the version of its first
-- event: the API counts versions from there and reaches nothing before it (StreamHead).
ALTER TABLE project_streams ADD COLUMN incarnation INT NOT NULL DEFAULT 1,
    ADD COLUMN incarnation_start INT NOT NULL DEFAULT 1;
-- streams whose id was already used again: their latest creation event begins the current incarnation
UPDATE project_streams s SET incarnation = c.n, incarnation_start = c.start
    FROM (SELECT stream_id, count(*)::int AS n, max(version) AS start FROM project_events
          WHERE type IN ('ProjectCreated', 'ProjectCopied', 'ProjectImported') GROUP BY stream_id) c
    WHERE c.stream_id = s.stream_id AND c.n > 1;
-- their stored folded states may carry the earlier incarnation's snapshots (a creation did not reset
-- them before): drop them, they are rebuilt on later appends
DELETE FROM project_state_snapshots p USING project_streams s
    WHERE s.stream_id = p.stream_id AND s.incarnation > 1;
-- list items show versions as the API counts them
ALTER TABLE project_list_view ADD COLUMN first_version INT NOT NULL DEFAULT 1;
UPDATE project_list_view v SET first_version = s.incarnation_start FROM project_streams s
    WHERE s.stream_id = v.project_id AND s.incarnation_start > 1;
