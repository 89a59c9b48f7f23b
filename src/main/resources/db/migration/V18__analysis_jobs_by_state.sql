-- The operators' pipeline page counts analysis jobs by state (console/PipelineReadings): the
-- running ones, and the finished ones of the last hour, each a range of this index.
CREATE INDEX analysis_jobs_state_updated ON analysis_jobs (state, updated_at);
