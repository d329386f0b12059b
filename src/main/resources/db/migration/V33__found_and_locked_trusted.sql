-- found_and_locked (V32) as it was meant: a profile is proven, and locked, only by a value the message vouches for or
-- verified (p_trusted). V32 took every value of the message (p_hashes), so a value it merely claimed, held trusted by
-- another profile, locked that profile: the caller ignored the lock (it decides by trusted values itself), but held
-- another customer's row until its commit and locked the conversation's profile by a statement of its own
-- (KnownProfileLockTest.aValueTheMessageOnlyClaimsLocksNoProfileThatHoldsItTrusted).
CREATE OR REPLACE FUNCTION found_and_locked(p_hashes bytea[], p_trusted bytea[], p_fallback uuid)
    RETURNS TABLE (tag int, id uuid, customer_id uuid, kind text, value_hash bytea, trust text, status text,
                   merged_into uuid, named boolean)
    LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
        WITH o AS (SELECT DISTINCT cp.customer_id FROM contact_point cp
                   WHERE cp.value_hash = ANY(p_trusted) AND cp.trust <> 'CLAIMED'),
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
