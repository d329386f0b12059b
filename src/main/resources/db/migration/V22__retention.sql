-- Retention (issue 20), swept by scheduled jobs safe on several replicas (FOR UPDATE SKIP LOCKED, batch by batch):
-- a resolved or closed request is depersonalised once its last activity is older than its retention, and marked so
-- the sweep never takes it again; idempotency receipts and published outbox rows are deleted after their horizons.
ALTER TABLE request ADD COLUMN depersonalised_at timestamptz;
CREATE INDEX request_retention ON request (updated_at)
    WHERE status IN ('RESOLVED', 'CLOSED') AND depersonalised_at IS NULL;
CREATE INDEX inbound_receipt_age ON inbound_receipt (created_at);
CREATE INDEX outbox_published ON outbox (published_at) WHERE published_at IS NOT NULL;
