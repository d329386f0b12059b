-- Identity you can trust (DESIGN.md, "Identity: vouched, verified, claimed").
--
-- A contact point records how far it is trusted, what stands behind that, and whether it may still be used.
ALTER TABLE contact_point
    ADD COLUMN trust text NOT NULL DEFAULT 'CLAIMED' CHECK (trust IN ('VOUCHED', 'VERIFIED', 'CLAIMED')),
    ADD COLUMN proof text CHECK (proof IN ('CARRIER', 'PLATFORM', 'CREDENTIAL', 'STAFF', 'CODE')),
    -- who in particular: the staff member who checked it in person; never the customer's data
    ADD COLUMN proof_ref text,
    ADD COLUMN trusted_at timestamptz,
    ADD COLUMN state text NOT NULL DEFAULT 'ACTIVE' CHECK (state IN ('ACTIVE', 'RETIRED', 'UNREACHABLE')),
    ADD COLUMN state_reason text,
    ADD COLUMN state_changed_at timestamptz;

-- Existing contacts, by the way they came in: an SMS sender was vouched by the carrier, a bot user id by the bot
-- platform's signature, an office card by the staff who entered it. Everything else was only claimed. Nothing
-- already merged is changed here: see the README, "Identity", on reviewing merges made before trust levels.
UPDATE contact_point SET trust = 'VOUCHED', proof = 'CARRIER', trusted_at = created_at
    WHERE kind = 'PHONE' AND source_channel = 'sms';
UPDATE contact_point SET trust = 'VOUCHED', proof = 'PLATFORM', trusted_at = created_at
    WHERE kind = 'BOT_USER' AND source_channel = 'chatbot';
UPDATE contact_point SET trust = 'VOUCHED', proof = 'STAFF', trusted_at = created_at
    WHERE kind = 'OFFICE_CARD' AND source_channel = 'office';
ALTER TABLE contact_point DROP COLUMN verified;

-- One trusted owner per value; a claim may stand on several profiles (the suspected duplicates), once on each.
ALTER TABLE contact_point DROP CONSTRAINT contact_point_hash;
CREATE UNIQUE INDEX contact_point_trusted_hash ON contact_point (value_hash) WHERE trust <> 'CLAIMED';
CREATE UNIQUE INDEX contact_point_customer_hash ON contact_point (customer_id, value_hash);
CREATE INDEX contact_point_hash ON contact_point (value_hash);

-- Adapter credentials may vouch for identifier kinds of their channel (an app backend for app_user).
ALTER TABLE adapter_credential ADD COLUMN vouches text[] NOT NULL DEFAULT '{}';

-- What a merge stood on: trusted identifiers, a person's decision, or (merges made before trust levels) unknown.
ALTER TABLE merge_log ADD COLUMN basis text NOT NULL DEFAULT 'TRUSTED' CHECK (basis IN ('TRUSTED', 'MANUAL', 'LEGACY'));
UPDATE merge_log SET basis = CASE WHEN reason = 'manual' THEN 'MANUAL' ELSE 'LEGACY' END;

-- A claimed identifier that matched another profile: a pair for a supervisor to merge or dismiss. The evidence is
-- the kinds and trust levels that matched, never the values.
CREATE TABLE suspected_duplicate (
    id           uuid PRIMARY KEY,
    customer_a   uuid        NOT NULL REFERENCES customer (id),
    customer_b   uuid        NOT NULL REFERENCES customer (id),
    evidence     jsonb       NOT NULL,
    status       text        NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'MERGED', 'DISMISSED')),
    created_at   timestamptz NOT NULL,
    decided_at   timestamptz,
    decided_by   text,
    merge_id     uuid
);
CREATE UNIQUE INDEX suspected_duplicate_open_pair ON suspected_duplicate
    (least(customer_a, customer_b), greatest(customer_a, customer_b)) WHERE status = 'OPEN';
CREATE INDEX suspected_duplicate_open ON suspected_duplicate (created_at) WHERE status = 'OPEN';
CREATE INDEX suspected_duplicate_a ON suspected_duplicate (customer_a);
CREATE INDEX suspected_duplicate_b ON suspected_duplicate (customer_b);

-- Verification by a one-time code sent to the claimed contact itself. The code is never stored: it is derived from
-- the verification's id with the lookup key (a keyed PRF), so only Omnihub can compute it.
CREATE TABLE verification (
    id               uuid PRIMARY KEY,
    customer_id      uuid        NOT NULL REFERENCES customer (id),
    contact_point_id uuid        NOT NULL,
    -- the contact's keyed hash: per-target limits hold across profiles and retired contacts
    target_hash      bytea       NOT NULL,
    -- where the code went (sms or email), and the conversation that takes it back
    channel          text        NOT NULL,
    request_id       uuid        NOT NULL REFERENCES request (id),
    message_id       uuid,
    attempts         integer     NOT NULL DEFAULT 0,
    status           text        NOT NULL CHECK (status IN ('PENDING', 'VERIFIED', 'EXPIRED', 'FAILED', 'CANCELLED')),
    requested_by     text        NOT NULL,
    created_at       timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL,
    completed_at     timestamptz
);
CREATE INDEX verification_target ON verification (target_hash, created_at);
CREATE INDEX verification_pending ON verification (request_id) WHERE status = 'PENDING';
CREATE INDEX verification_customer ON verification (customer_id);

-- Consent has a third purpose: the one-time codes a customer asked for. They need no prior consent, but every code
-- sent is recorded.
ALTER TABLE consent_event DROP CONSTRAINT IF EXISTS consent_event_purpose_check;
ALTER TABLE consent_event ADD CONSTRAINT consent_event_purpose_check
    CHECK (purpose IN ('SERVICE', 'MARKETING', 'VERIFICATION'));
-- the contact a reply was addressed to, when not the origin thread: a hard bounce marks it unreachable
ALTER TABLE message ADD COLUMN contact_point_id uuid;
