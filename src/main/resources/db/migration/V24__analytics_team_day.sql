-- The daily counts without the operator: day and week figures not split by operator read these. Per-operator rows
-- (replies, first-response and resolution histograms per operator) are most of the daily rows, so a team's or the
-- hub's 90 days read a fraction of them. Written by the consumer in the same transaction as the others.
CREATE TABLE analytics_rollup_team_day (
    day timestamptz NOT NULL,
    team text NOT NULL,
    channel text NOT NULL,
    metric text NOT NULL,
    dim text NOT NULL,
    n bigint NOT NULL,
    PRIMARY KEY (day, team, channel, metric, dim)
);
CREATE INDEX analytics_rollup_team_day_team ON analytics_rollup_team_day (team, day);

INSERT INTO analytics_rollup_team_day (day, team, channel, metric, dim, n)
SELECT day, team, channel, metric, dim, sum(n) FROM analytics_rollup_day GROUP BY day, team, channel, metric, dim;
