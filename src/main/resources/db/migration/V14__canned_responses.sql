-- Canned responses: a team's templates, written by its supervisors, with variables filled in per request and an
-- optional variant per channel (each within that channel's maximum length). Team-authored text: no personal data.
CREATE TABLE canned_response (
    id         uuid PRIMARY KEY,
    team       text        NOT NULL,
    name       text        NOT NULL,
    body       text        NOT NULL,
    variants   jsonb       NOT NULL,
    approved   boolean     NOT NULL,
    created_by text        NOT NULL,
    updated_at timestamptz NOT NULL,
    CONSTRAINT canned_response_name UNIQUE (team, name)
);
