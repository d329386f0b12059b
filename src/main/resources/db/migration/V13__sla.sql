-- SLA timers: each request's deadlines from its team's targets and business hours, when it was first answered, and
-- when a deadline was found missed (each breach is reported once).
ALTER TABLE request
    ADD COLUMN first_response_due         timestamptz,
    ADD COLUMN resolution_due             timestamptz,
    ADD COLUMN first_response_at          timestamptz,
    ADD COLUMN first_response_breached_at timestamptz,
    ADD COLUMN resolution_breached_at     timestamptz;
CREATE INDEX request_first_response_due ON request (first_response_due)
    WHERE first_response_at IS NULL AND first_response_breached_at IS NULL;
CREATE INDEX request_resolution_due ON request (resolution_due)
    WHERE resolved_at IS NULL AND resolution_breached_at IS NULL;
