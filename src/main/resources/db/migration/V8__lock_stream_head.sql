-- EventStore.lockHead in one statement instead of two: take the stream's advisory lock (held until
-- the transaction ends), then read its head. The two must stay separate queries: in READ
-- COMMITTED a query reads with a snapshot taken when it starts, so a head read in the same query
-- as the lock would miss a writer that committed while this one waited for the lock. A VOLATILE
-- function takes a fresh snapshot for each query it runs, so the SELECT below sees every writer
-- that held the lock before. The lock is an advisory lock and nothing here writes: the
-- transaction gets its id only with its first write, after the lock (see EventStore.lockHead).
CREATE FUNCTION lock_stream_head(p_stream_id TEXT) RETURNS SETOF project_streams
    LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended(p_stream_id, 0));
    RETURN QUERY SELECT * FROM project_streams WHERE stream_id = p_stream_id;
END
$$;
