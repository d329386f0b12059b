-- Channel preferences, the consent ledger, and what replies need.

-- One row per customer: how they want to be answered.
CREATE TABLE preference (
    customer_id        uuid PRIMARY KEY REFERENCES customer (id),
    -- comma-separated channel ids, most preferred first
    preferred_channels text        NOT NULL DEFAULT '',
    -- "e-mail only": nothing outside preferred_channels
    only_preferred     boolean     NOT NULL DEFAULT false,
    quiet_start        time,
    quiet_end          time,
    time_zone          text,
    language           text,
    updated_at         timestamptz NOT NULL DEFAULT now(),
    updated_by         text        NOT NULL
);

-- Append-only: every grant and withdrawal, with its evidence. Never updated, never deleted but by erasure.
CREATE TABLE consent_event (
    id               uuid PRIMARY KEY,
    customer_id      uuid        NOT NULL REFERENCES customer (id),
    channel          text        NOT NULL,
    purpose          text        NOT NULL CHECK (purpose IN ('SERVICE', 'MARKETING')),
    action           text        NOT NULL CHECK (action IN ('GRANTED', 'WITHDRAWN')),
    text_version     text        NOT NULL,
    captured_channel text        NOT NULL,
    actor            text        NOT NULL,
    evidence         jsonb       NOT NULL,
    occurred_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX consent_event_customer ON consent_event (customer_id, purpose, occurred_at, id);

CREATE OR REPLACE FUNCTION consent_event_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'consent_event is append-only';
    END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER consent_event_no_update BEFORE UPDATE ON consent_event
    FOR EACH ROW EXECUTE FUNCTION consent_event_append_only();

-- The current state, derived from consent_event (the latest event per channel and purpose).
CREATE TABLE consent (
    customer_id  uuid        NOT NULL REFERENCES customer (id),
    channel      text        NOT NULL,
    purpose      text        NOT NULL,
    granted      boolean     NOT NULL,
    event_id     uuid        NOT NULL REFERENCES consent_event (id),
    updated_at   timestamptz NOT NULL,
    PRIMARY KEY (customer_id, channel, purpose)
);

-- Every change of a customer's policy bumps its version; a routing decision names the version it used.
ALTER TABLE customer ADD COLUMN policy_version bigint NOT NULL DEFAULT 0;

ALTER TABLE message ADD COLUMN purpose text;
ALTER TABLE message ADD COLUMN send_at timestamptz;
ALTER TABLE message ADD COLUMN attempts integer NOT NULL DEFAULT 0;
-- comma-separated channels a reply already failed on (fallback skips them)
ALTER TABLE message ADD COLUMN failed_channels text NOT NULL DEFAULT '';
CREATE INDEX message_outbound_customer ON message (request_id, direction, created_at);
