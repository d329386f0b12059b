-- Erasure requests and their destruction acts.
CREATE TABLE erasure_request (
    id             uuid PRIMARY KEY,
    customer_id    uuid        NOT NULL REFERENCES customer (id),
    status         text        NOT NULL CHECK (status IN ('REQUESTED', 'COMPLETED')),
    requested_by   text        NOT NULL,
    requested_via  text        NOT NULL,
    legal_basis    text        NOT NULL,
    requested_at   timestamptz NOT NULL,
    deadline       timestamptz NOT NULL,
    completed_at   timestamptz,
    -- the destruction act (machine-readable JSON), kept after the data is gone
    act            jsonb,
    CONSTRAINT erasure_request_once UNIQUE (customer_id)
);
CREATE INDEX erasure_request_pending ON erasure_request (deadline) WHERE status = 'REQUESTED';
