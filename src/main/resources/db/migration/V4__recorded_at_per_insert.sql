-- recorded_at was the transaction's start time: a writer that waited for a stream's head lock
-- could record an earlier time than the event before it. The time of the insert itself is taken
-- under that lock, so within a stream recorded_at now grows with the version, which is what
-- time travel (load ?as_of=) relies on to cut the stream at a moment.
ALTER TABLE project_events ALTER COLUMN recorded_at SET DEFAULT clock_timestamp();
