-- The operator's day, part two: transfers between teams with a note, internal notes, labels.

-- A transfer's note, sealed with the customer's key (it may name them); erasure empties it.
ALTER TABLE request_history ADD COLUMN note_enc bytea;

-- Internal notes on a request: never sent to the customer; sealed with the customer's key.
CREATE TABLE request_note (
    id         uuid PRIMARY KEY,
    request_id uuid        NOT NULL REFERENCES request (id),
    author     text        NOT NULL,
    body_enc   bytea       NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX request_note_request ON request_note (request_id, created_at);

-- Labels on a request, for the queue's filter: short words of the team's own vocabulary, no personal data.
CREATE TABLE request_label (
    request_id uuid NOT NULL REFERENCES request (id),
    label      text NOT NULL CHECK (label ~ '^[a-z0-9][a-z0-9_-]{0,39}$'),
    PRIMARY KEY (request_id, label)
);
CREATE INDEX request_label_label ON request_label (label, request_id);
