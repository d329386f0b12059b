-- The contact points a message's identifiers match, and the profile they prove locked, in a function of the identity
-- feature's, so that the intake reads them with the same statement as the thread's lock and head (locked_thread_head,
-- V29): one round trip where they were two (issue 17's statement budget).
-- p_hashes: the keyed hashes of every identifier of the message; p_trusted: those it vouches for or verified;
-- p_fallback: the profile to lock when no trusted contact proves one (the conversation's), or null.
-- Answers the matching contacts (tag 0) on every profile that has one, and the profile locked FOR NO KEY UPDATE (tag
-- 1): the one profile holding one of p_trusted as a trusted contact or, with none holding any, p_fallback. Several
-- such profiles are merged by the caller, and none is locked here.
-- VOLATILE on purpose, as locked_thread_head: its statement takes a snapshot of its own, after the thread's lock that
-- the calling statement took before it, so it sees what the lock's previous holder committed (a first message's new
-- profile and contacts, a contact verified, an erasure); the calling statement's snapshot was taken before that wait.
CREATE FUNCTION found_and_locked(p_hashes bytea[], p_trusted bytea[], p_fallback uuid)
    RETURNS TABLE (tag int, id uuid, customer_id uuid, kind text, value_hash bytea, trust text, status text,
                   merged_into uuid, named boolean)
    LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
        WITH o AS (SELECT DISTINCT cp.customer_id FROM contact_point cp
                   WHERE cp.value_hash = ANY(p_hashes) AND cp.trust <> 'CLAIMED'),
             l AS (SELECT c.id, c.status, c.merged_into, c.name_enc IS NOT NULL AS named FROM customer c
                   WHERE c.id = CASE (SELECT count(*) FROM o) WHEN 0 THEN p_fallback
                                WHEN 1 THEN (SELECT o.customer_id FROM o) END
                   FOR NO KEY UPDATE)
        SELECT 0, cp.id, cp.customer_id, cp.kind, cp.value_hash, cp.trust, NULL::text, NULL::uuid, NULL::boolean
        FROM contact_point cp WHERE cp.value_hash = ANY(p_hashes)
        UNION ALL
        SELECT 1, l.id, NULL::uuid, NULL::text, NULL::bytea, NULL::text, l.status, l.merged_into, l.named FROM l;
END
$$;
