-- The size of each event's data as the relay sends it (the JSON text of the jsonb, in bytes),
-- written with the event: the relay bounds its batches in bytes by reading these numbers, never
-- the payloads, and an append refuses an event over projects.pipeline.max-event-bytes before
-- it is committed. Events written before this migration have none; the relay measures those
-- itself (octet_length(data::text)), so the column needs no backfill.
ALTER TABLE project_events ADD COLUMN data_bytes INT;

-- Records the pipeline set aside: one the relay could not publish (the event stays in the log;
-- the record on the dead-letter topic carries its envelope without the data) or one the list
-- projector could not read or apply (the record goes to the dead-letter topic as it was). The
-- dead-letter topic has the whole story; this table lets readiness name the newest one and lets
-- the projector skip a record it has already set aside when Kafka delivers it again.
CREATE TABLE dead_letters (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    stage             TEXT        NOT NULL CHECK (stage IN ('relay', 'projector')),
    reason            TEXT        NOT NULL,
    error             TEXT        NOT NULL,
    source_topic      TEXT        NOT NULL,
    -- the projector's record: where it was on the source topic (null for the relay's)
    source_partition  INT,
    source_offset     BIGINT,
    record_key        TEXT,
    -- the event, when the record names one: the relay's always, the projector's when readable
    stream_id         TEXT,
    version           INT,
    event_id          UUID,
    log_position      BIGINT,
    recorded_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX dead_letters_source_record ON dead_letters (source_topic, source_partition, source_offset)
    WHERE source_offset IS NOT NULL;
