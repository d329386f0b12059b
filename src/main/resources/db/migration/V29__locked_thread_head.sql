-- The newest request on a channel thread, read after taking the thread's lock (held until the transaction ends): one
-- round trip where the lock and the read were two statements (issue 17's statement budget). The lock keeps one message
-- at a time per thread, so that two first messages never open two requests.
-- VOLATILE on purpose: in READ COMMITTED (Omnihub's isolation), each statement of a volatile function takes a
-- snapshot of its own, so the read sees what the lock's previous holder committed while this call waited for it. A STABLE function's statements share the caller's
-- snapshot, taken before the wait, and would miss that request (ThreadLockTest).
-- The lock key is the one replicas before V29 took with a statement of their own, so that both versions exclude each
-- other during a rolling update.
CREATE FUNCTION locked_thread_head(p_channel text, p_thread_hash bytea) RETURNS SETOF request
    LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended('thread|' || p_channel || '|' || encode(p_thread_hash, 'hex'), 0));
    RETURN QUERY SELECT * FROM request WHERE origin_channel = p_channel AND origin_thread_hash = p_thread_hash
        ORDER BY id DESC LIMIT 1;
END
$$;
