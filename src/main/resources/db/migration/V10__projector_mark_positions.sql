-- With each projector mark, the relay's order of the newest event it has applied in that partition
-- (the record's log-tx-id and log-position headers). For a partition the projector is behind in,
-- every event not yet applied comes after this in the relay's order, so list's check need only
-- look at the events after the lowest such mark (ListView.coversLog) instead of at every project.
ALTER TABLE projector_partition_marks ADD COLUMN last_tx_id XID8, ADD COLUMN last_position BIGINT;
