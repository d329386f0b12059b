-- A customer's own erasure request by keyword (SMS ERASE). It is recorded in the transaction that stores the message,
-- carried out right after the commit, and by a sweep after a crash or a failure in between; the row goes once it is
-- carried out. Ids only: the profile the message was stored on and the sender's contact point, whose holder at that
-- time is the profile erased.
CREATE TABLE erasure_ask (
    id                uuid PRIMARY KEY,
    customer_id       uuid        NOT NULL REFERENCES customer (id),
    sender_contact_id uuid,
    requested_via     text        NOT NULL,
    asked_at          timestamptz NOT NULL
);
CREATE INDEX erasure_ask_customer ON erasure_ask (customer_id);
CREATE INDEX erasure_ask_age ON erasure_ask (asked_at);
