-- The operator's day, part one: teams, the roster of operators, and who owns a request.

-- Teams, managed by admins. A request names its team by id; a team without a row here still works (defaults apply),
-- so existing deployments keep their teams until an admin describes them.
CREATE TABLE team (
    id             text PRIMARY KEY,
    name           text        NOT NULL,
    -- business hours and targets as the API takes them (validated there): {"timeZone", "weekly", "holidays"} and
    -- {"firstResponse": {"default"|channel|priority: ISO duration}, "resolution": {...}}
    business_hours jsonb       NOT NULL,
    targets        jsonb       NOT NULL,
    -- open requests one operator holds at most before auto-assignment passes them by
    capacity       integer     NOT NULL CHECK (capacity > 0),
    auto_assign    boolean     NOT NULL,
    updated_at     timestamptz NOT NULL
);

-- Operators, recorded at their first sign-in with the teams of their token (kept current at each sign-in).
CREATE TABLE operator (
    subject          text PRIMARY KEY,
    teams            text[]      NOT NULL,
    available        boolean     NOT NULL DEFAULT false,
    first_seen_at    timestamptz NOT NULL,
    last_seen_at     timestamptz NOT NULL,
    -- round-robin: the next request goes to the available operator served longest ago
    last_assigned_at timestamptz
);
CREATE INDEX operator_teams ON operator USING gin (teams);

ALTER TABLE request ADD COLUMN assignee text, ADD COLUMN assigned_at timestamptz;
CREATE INDEX request_assignee ON request (assignee, status) WHERE assignee IS NOT NULL;
CREATE INDEX request_unassigned ON request (team, id) WHERE assignee IS NULL AND status IN ('NEW', 'OPEN');

-- What happened to a request besides its messages: ownership changes (later transfers), who did it and when.
CREATE TABLE request_history (
    id         uuid PRIMARY KEY,
    request_id uuid        NOT NULL REFERENCES request (id),
    at         timestamptz NOT NULL,
    actor      text        NOT NULL,
    action     text        NOT NULL,
    -- who owned it before and after, for ownership changes
    previous   text,
    current    text
);
CREATE INDEX request_history_request ON request_history (request_id, at);
