-- The relay's claim takes the oldest due entries in id order (ORDER BY id LIMIT 200). Only outbox_pending
-- (available_at, id) held the pending entries, so after a burst, when the statistics counted many of them pending,
-- PostgreSQL walked the primary key in id order instead and filtered out every published entry the retention keeps:
-- 716,000 rows and 316 ms a claim in benchmark run 20261205-235453, after which the relay fell further behind with
-- every batch and never caught up (replies 35 s late). This index holds the pending entries in the claim's order, so a
-- claim reads its batch and nothing else however long the history is (OutboxClaimPlanTest).
-- Concurrently, so that a rolling update's migration never holds up intake's outbox inserts (see V28); the drop first,
-- so that a migration stopped half-way, which leaves an invalid index behind, runs again.
DROP INDEX CONCURRENTLY IF EXISTS outbox_pending_order;
CREATE INDEX CONCURRENTLY outbox_pending_order ON outbox (id) WHERE published_at IS NULL AND dead_at IS NULL;
