-- Adapter credentials and team scoping.

-- One row per credential; an adapter has at most two valid at a time (rotation). Only a hash is stored.
CREATE TABLE adapter_credential (
    id            uuid PRIMARY KEY,
    adapter       text        NOT NULL,
    channel       text        NOT NULL,
    team          text,
    secret_hash   bytea       NOT NULL UNIQUE,
    -- requests per second this credential may make; null: the configured default
    rate_limit    integer,
    created_at    timestamptz NOT NULL DEFAULT now(),
    created_by    text        NOT NULL,
    revoked_at    timestamptz,
    revoked_by    text
);
CREATE INDEX adapter_credential_adapter ON adapter_credential (adapter) WHERE revoked_at IS NULL;

-- Operators are scoped to teams (or offices); a request belongs to one.
ALTER TABLE request ADD COLUMN team text NOT NULL DEFAULT 'support';
CREATE INDEX request_team ON request (team, id DESC);
