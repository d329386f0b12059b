-- Omnihub core schema. Every time is timestamptz (UTC); every id is a UUID (v7, time-ordered).
-- Personal data (names, contact values, message bodies, subjects) is stored only encrypted
-- (columns *_enc, AEAD with the customer's data key); contacts are found by a keyed hash.

CREATE TABLE customer (
    id           uuid PRIMARY KEY,
    status       text        NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'MERGED', 'ERASED')),
    merged_into  uuid        REFERENCES customer (id),
    name_enc     bytea,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    erased_at    timestamptz
);

-- The customer's data key, wrapped (encrypted) by the master key. Destroying it shreds the customer's data.
CREATE TABLE customer_key (
    customer_id  uuid PRIMARY KEY REFERENCES customer (id),
    wrapped_key  bytea       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE contact_point (
    id           uuid PRIMARY KEY,
    customer_id  uuid        NOT NULL REFERENCES customer (id),
    kind         text        NOT NULL CHECK (kind IN ('PHONE', 'EMAIL', 'APP_USER', 'BOT_USER', 'WEB_VISITOR', 'OFFICE_CARD')),
    value_hash   bytea       NOT NULL,
    value_enc    bytea       NOT NULL,
    verified     boolean     NOT NULL DEFAULT false,
    source_channel text      NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT contact_point_kind_hash UNIQUE (kind, value_hash)
);
CREATE INDEX contact_point_customer ON contact_point (customer_id);

CREATE TABLE request (
    id                uuid PRIMARY KEY,
    customer_id       uuid        NOT NULL REFERENCES customer (id),
    origin_channel    text        NOT NULL,
    origin_thread_hash bytea      NOT NULL,
    origin_thread_enc bytea       NOT NULL,
    status            text        NOT NULL CHECK (status IN ('NEW', 'OPEN', 'WAITING_CUSTOMER', 'RESOLVED', 'CLOSED')),
    subject_enc       bytea,
    category          text,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    last_inbound_at   timestamptz NOT NULL,
    resolved_at       timestamptz
);
CREATE INDEX request_customer ON request (customer_id, id DESC);
CREATE INDEX request_thread ON request (origin_channel, origin_thread_hash, id DESC);
CREATE INDEX request_status ON request (status, id DESC);
CREATE INDEX request_channel ON request (origin_channel, id DESC);

CREATE TABLE message (
    id                uuid PRIMARY KEY,
    request_id        uuid        NOT NULL REFERENCES request (id),
    direction         text        NOT NULL CHECK (direction IN ('INBOUND', 'OUTBOUND')),
    channel           text,
    author            text        NOT NULL CHECK (author IN ('CUSTOMER', 'BOT', 'STAFF', 'OPERATOR', 'SYSTEM')),
    author_ref        text,
    body_enc          bytea       NOT NULL,
    external_id       text,
    occurred_at       timestamptz NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    delivery_status   text,
    routing_decision  jsonb,
    attachments_enc   bytea
);
CREATE INDEX message_request ON message (request_id, occurred_at, id);
CREATE INDEX message_channel_external ON message (channel, external_id) WHERE external_id IS NOT NULL;

-- Durable idempotency: one row per (channel, external id) that intake accepted.
CREATE TABLE inbound_receipt (
    channel       text        NOT NULL,
    external_id   text        NOT NULL,
    content_hash  bytea       NOT NULL,
    -- the result, filled in by the same transaction that inserts the row
    customer_id   uuid,
    request_id    uuid,
    message_id    uuid,
    new_request   boolean,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (channel, external_id)
);

-- Transactional outbox: written with the change it announces, published to Kafka by the relay.
CREATE TABLE outbox (
    id             uuid PRIMARY KEY,
    aggregate_type text        NOT NULL,
    aggregate_id   uuid        NOT NULL,
    topic          text        NOT NULL,
    message_key    text        NOT NULL,
    type           text        NOT NULL,
    payload        jsonb       NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    available_at   timestamptz NOT NULL DEFAULT now(),
    published_at   timestamptz,
    attempts       integer     NOT NULL DEFAULT 0
);
CREATE INDEX outbox_pending ON outbox (available_at, id) WHERE published_at IS NULL;

CREATE TABLE merge_log (
    id                uuid PRIMARY KEY,
    survivor_id       uuid        NOT NULL REFERENCES customer (id),
    merged_id         uuid        NOT NULL REFERENCES customer (id),
    reason            text        NOT NULL,
    moved             jsonb       NOT NULL,
    actor             text        NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    unmerged_at       timestamptz,
    unmerged_by       text
);
CREATE INDEX merge_log_survivor ON merge_log (survivor_id);
CREATE INDEX merge_log_merged ON merge_log (merged_id);

CREATE TABLE audit_log (
    id           uuid PRIMARY KEY,
    occurred_at  timestamptz NOT NULL DEFAULT now(),
    actor        text        NOT NULL,
    action       text        NOT NULL,
    subject_type text        NOT NULL,
    subject_id   uuid,
    details      jsonb       NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_subject ON audit_log (subject_type, subject_id, occurred_at);
