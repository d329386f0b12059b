-- A customer's own erasure request by keyword (SMS ERASE). It is recorded in the transaction that stores the message,
-- carried out right after the commit (or by a sweep after a crash or a failure in between), and the row goes in the
-- erasure's own transaction. It holds the sender's keyed lookup hash (the profile holding that contact when the ask is
-- carried out is the one erased), so an erasure of its profile deletes it too.
CREATE TABLE erasure_ask (
    id            uuid PRIMARY KEY,
    customer_id   uuid        NOT NULL REFERENCES customer (id),
    message_id    uuid        NOT NULL,
    sender_hash   bytea       NOT NULL,
    requested_via text        NOT NULL,
    asked_at      timestamptz NOT NULL,
    -- a replica carrying it out holds it until then; after that, the sweep may take it
    claimed_until timestamptz
);
CREATE INDEX erasure_ask_customer ON erasure_ask (customer_id);
CREATE UNIQUE INDEX erasure_ask_message ON erasure_ask (message_id);
CREATE INDEX erasure_ask_age ON erasure_ask (asked_at);
