-- Surviving faults.
--
-- The outbox never gives up because Kafka is unavailable. A row that fails for its own reason, again and again, is
-- dead: visible, counted, and requeued by an admin, never marked published.
ALTER TABLE outbox ADD COLUMN dead_at timestamptz, ADD COLUMN last_error text;
DROP INDEX outbox_pending;
CREATE INDEX outbox_pending ON outbox (available_at, id) WHERE published_at IS NULL AND dead_at IS NULL;
-- order per conversation: a row is published only after every older pending row with its key
CREATE INDEX outbox_pending_key ON outbox (message_key, id) WHERE published_at IS NULL AND dead_at IS NULL;
CREATE INDEX outbox_dead ON outbox (dead_at, id) WHERE dead_at IS NOT NULL;

-- Optimistic versions where writers meet: a concurrent reply, intake and merge on one request never lose an update.
ALTER TABLE request ADD COLUMN version bigint NOT NULL DEFAULT 0;
ALTER TABLE message ADD COLUMN version bigint NOT NULL DEFAULT 0;
ALTER TABLE customer ADD COLUMN version bigint NOT NULL DEFAULT 0;

-- A reply dispatched and never confirmed is published again (same channel, same CloudEvents id) after its channel's
-- receipt timeout.
ALTER TABLE message ADD COLUMN dispatched_at timestamptz, ADD COLUMN redeliveries integer NOT NULL DEFAULT 0;
CREATE INDEX message_unconfirmed ON message (dispatched_at) WHERE delivery_status = 'DISPATCHED';
