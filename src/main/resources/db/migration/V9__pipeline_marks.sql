-- The fast path of list's read-your-writes check (ListView.coversLog). Per partition of a topic:
-- the next offset after the last record the relay has had acknowledged (written in the same
-- transaction that moves its checkpoint), and the next offset after the last record the projector
-- has applied (written in the same transaction as the view rows). When the relay has published
-- every committed event and, in every partition, the projector has reached the relay's mark, the
-- view covers the whole log: one look at these few rows instead of summing the caller's projects.
-- Recreating the topic resets its offsets: run the read-model rebuild, which clears these marks.
CREATE TABLE relay_partition_marks (
    topic       TEXT   NOT NULL,
    partition   INT    NOT NULL,
    next_offset BIGINT NOT NULL,
    PRIMARY KEY (topic, partition)
);
CREATE TABLE projector_partition_marks (
    topic       TEXT   NOT NULL,
    partition   INT    NOT NULL,
    next_offset BIGINT NOT NULL,
    PRIMARY KEY (topic, partition)
);
