-- The held replies, in the order they were written: the sweep that routes again what the reaction to a customer's
-- own consent change missed (HeldRepliesSweep) reads a page of them every minute, and the operators' list of held
-- replies reads the oldest. Without it both read every reply there is. Held replies are few, so the index is small,
-- and a reply's status already keeps its updates off the heap-only path (V10's partial indexes name it).
-- Concurrently, as V30, so that a rolling update's migration never holds up replies being written.
DROP INDEX CONCURRENTLY IF EXISTS reply_held;
CREATE INDEX CONCURRENTLY reply_held ON reply (created_at, message_id) WHERE status = 'HELD' AND purpose <> 'FEEDBACK';
