-- Journey analytics (the analytics feature): rollups built from omnihub.events, never from the live tables.

-- A reply keeps its request's team and origin channel, so that its receipts' events carry them without a read.
ALTER TABLE reply ADD COLUMN team text NOT NULL DEFAULT '';
ALTER TABLE reply ADD COLUMN origin_channel text NOT NULL DEFAULT '';

-- Counts per hour, team, channel and operator: aggregates only, no customer ids. A histogram of times is one row per
-- bucket (dim holds the bucket's upper bound in seconds), so histograms of any window merge by adding rows.
CREATE TABLE analytics_rollup (
    hour timestamptz NOT NULL,
    team text NOT NULL,
    channel text NOT NULL,
    operator text NOT NULL,
    metric text NOT NULL,
    dim text NOT NULL,
    n bigint NOT NULL,
    PRIMARY KEY (hour, team, channel, operator, metric, dim)
) PARTITION BY RANGE (hour);

-- Rows of a month without a partition of its own (AnalyticsPartitions creates them ahead) land here.
CREATE TABLE analytics_rollup_default PARTITION OF analytics_rollup DEFAULT;

-- The same counts per UTC day, written in the same transaction: day and week figures read these, 24 times fewer rows
-- than the hours (a supervisor's 90 days by day reads about as many rows as one day of hours).
CREATE TABLE analytics_rollup_day (
    day timestamptz NOT NULL,
    team text NOT NULL,
    channel text NOT NULL,
    operator text NOT NULL,
    metric text NOT NULL,
    dim text NOT NULL,
    n bigint NOT NULL,
    PRIMARY KEY (day, team, channel, operator, metric, dim)
);

-- A supervisor reads their teams: by team first, then time.
CREATE INDEX analytics_rollup_team ON analytics_rollup (team, hour);
CREATE INDEX analytics_rollup_day_team ON analytics_rollup_day (team, day);

-- Events already counted, so that a redelivery counts once; pruned after omnihub.analytics.seen-retention.
CREATE TABLE analytics_seen (
    event_id uuid PRIMARY KEY,
    seen_at timestamptz NOT NULL
);
CREATE INDEX analytics_seen_at ON analytics_seen (seen_at);
