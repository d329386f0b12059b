package io.omnihub.analytics;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The analytics feature's tables, with the Vert.x client: a batch of events is counted with one statement, whatever
 * its size, so the consumer keeps up with intake without adding statements per event.
 */
@ApplicationScoped
class RollupStore {

    /** The same row of rollups, whichever event adds to it. */
    record Key(Instant hour, String team, String channel, String operator, String metric, String dim) {
    }

    private final Pool db;
    private final Clock clock;

    RollupStore(Pool db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Counts the events not counted before, in one statement: their ids enter the table of seen ids (a redelivered
     * event is already there, and adds nothing), and the rows of those that entered are added up per hour, per day
     * and per day without the operator, each table's rows in key order so that two consumers never wait on each
     * other in a cycle. Answers the rows that counted.
     */
    Uni<List<Rollups.Row>> apply(List<Rollups.Event> events) {
        // a batch may hold an event twice (a relay's redelivery right after the first): once is what counts
        Map<UUID, Rollups.Event> once = new java.util.LinkedHashMap<>();
        events.forEach(e -> once.putIfAbsent(e.id(), e));
        List<Rollups.Row> rows = once.values().stream().flatMap(e -> Rollups.of(e).stream()).toList();
        if (rows.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        // sorted: two batches holding the same events (a rebuild and the live consumer) lock them in one order
        UUID[] ids = rows.stream().map(Rollups.Row::eventId).distinct().sorted().toArray(UUID[]::new);
        return db.preparedQuery(COUNT).execute(Tuple.tuple(List.of(ids,
                OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC),
                rows.stream().map(Rollups.Row::eventId).toArray(UUID[]::new),
                rows.stream().map(r -> utc(r.hour())).toArray(OffsetDateTime[]::new),
                rows.stream().map(r -> utc(r.hour().truncatedTo(ChronoUnit.DAYS))).toArray(OffsetDateTime[]::new),
                rows.stream().map(Rollups.Row::team).toArray(String[]::new),
                rows.stream().map(Rollups.Row::channel).toArray(String[]::new),
                rows.stream().map(Rollups.Row::operator).toArray(String[]::new),
                rows.stream().map(Rollups.Row::metric).toArray(String[]::new),
                rows.stream().map(Rollups.Row::dim).toArray(String[]::new))))
                .map(inserted -> {
                    Set<UUID> fresh = new HashSet<>();
                    inserted.forEach(r -> fresh.add(r.getUUID(0)));
                    return rows.stream().filter(r -> fresh.contains(r.eventId())).toList();
                });
    }

    /**
     * The consumer's one statement: the seen ids first, then the rows of the events that were new, one count each,
     * added to the three tables. Data-modifying {@code WITH}: one snapshot, atomic without a transaction block.
     */
    private static final String COUNT = "WITH fresh AS (INSERT INTO analytics_seen (event_id, seen_at)"
            + " SELECT unnest($1::uuid[]), $2 ON CONFLICT DO NOTHING RETURNING event_id),"
            + " counted AS (SELECT r.* FROM unnest($3::uuid[], $4::timestamptz[], $5::timestamptz[], $6::text[],"
            + " $7::text[], $8::text[], $9::text[], $10::text[])"
            + " AS r (event_id, hour, day, team, channel, operator, metric, dim) JOIN fresh USING (event_id)),"
            + " hours AS (" + upsert("analytics_rollup", "hour", true) + "),"
            + " days AS (" + upsert("analytics_rollup_day", "day", true) + "),"
            + " team_days AS (" + upsert("analytics_rollup_team_day", "day", false) + ")"
            + " SELECT event_id FROM fresh";

    /** Adds the counted rows to {@code table}'s (with an operator column or without), creating those missing. */
    private static String upsert(String table, String period, boolean operator) {
        String key = key(period, operator);
        return "INSERT INTO " + table + " (" + key + ", n) SELECT " + key + ", count(*) FROM counted GROUP BY " + key
                + " ORDER BY " + key + " ON CONFLICT (" + key + ") DO UPDATE SET n = " + table + ".n + EXCLUDED.n";
    }

    /** The key columns of a rollup table: its period's, then team, channel, the operator (unless without), metric, dim. */
    static String key(String period, boolean operator) {
        return period + ", team, channel, " + (operator ? "operator, " : "") + "metric, dim";
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /**
     * Adds one to {@code row}'s count in {@code sums}, its period truncated to {@code unit} (UTC), its operator kept
     * or not.
     */
    static void count(Map<Key, Long> sums, Rollups.Row row, ChronoUnit unit, boolean operator) {
        sums.merge(new Key(row.hour().truncatedTo(unit), row.team(), row.channel(), operator ? row.operator() : "",
                row.metric(), row.dim()), 1L, Long::sum);
    }

    /** Empties the rollups and the seen ids, for a rebuild; waits for a consumer's transaction in flight. */
    Uni<Void> clear() {
        // in the consumer's lock order (seen ids first), so the two never wait on each other in a cycle
        return db.query("TRUNCATE analytics_seen, analytics_rollup, analytics_rollup_day, analytics_rollup_team_day")
                .execute()
                .replaceWithVoid();
    }

    /** Forgets seen ids older than {@code before}; answers how many. */
    Uni<Integer> forgetSeenBefore(Instant before) {
        return db.preparedQuery("DELETE FROM analytics_seen WHERE seen_at < $1")
                .execute(Tuple.of(OffsetDateTime.ofInstant(before, ZoneOffset.UTC))).map(r -> r.rowCount());
    }

    /**
     * Creates the partition of the month starting at {@code month} (UTC) unless it exists, in one transaction. Rows of
     * that month already in the default partition (they came before it) move into it. The rollups are locked against
     * writes first, the table before its partitions as every writer locks them: a count under way finishes before,
     * and one that waits routes its rows by the new partitions once it goes on (one that had routed them already by
     * the old ones would fail on the default partition's new bound). A second replica doing the same waits and then
     * finds it made. Reads go on meanwhile, but for the default partition's while the new one is attached (its last
     * step, which checks the default partition's rows).
     */
    Uni<Void> partition(OffsetDateTime month) {
        OffsetDateTime next = month.plusMonths(1);
        String name = String.format("analytics_rollup_%04d_%02d", month.getYear(), month.getMonthValue());
        String range = "hour >= '" + month + "' AND hour < '" + next + "'";
        return db.query("DO $$ BEGIN"
                + " IF to_regclass('" + name + "') IS NOT NULL THEN RETURN; END IF;"
                + " LOCK TABLE analytics_rollup IN SHARE ROW EXCLUSIVE MODE;"
                + " IF to_regclass('" + name + "') IS NOT NULL THEN RETURN; END IF;"
                + " CREATE TABLE " + name + " (LIKE analytics_rollup);"
                + " WITH moved AS (DELETE FROM analytics_rollup_default WHERE " + range + " RETURNING *)"
                + " INSERT INTO " + name + " SELECT * FROM moved;"
                + " ALTER TABLE analytics_rollup ATTACH PARTITION " + name + " FOR VALUES FROM ('" + month + "') TO ('"
                + next + "');"
                + " END $$").execute().replaceWithVoid();
    }

    /**
     * A prepared statement's generic plan knows no window: after five runs PostgreSQL settled on walking the primary
     * key over the whole window, which over 90 days of rollups (200,000 daily rows) ran 1.4 to 2.8 times as long as
     * the window's own plan (a scan of the table, or of the team's index, then sums). A figures call is rare and its
     * planning a fraction of a millisecond, so every run is planned for its values.
     */
    static final String CUSTOM_PLAN = "SET LOCAL plan_cache_mode = force_custom_plan";

    /**
     * Counts per hour ({@code granularity} hour) or per UTC day (day or week: the caller gathers days into weeks)
     * and metric, split by the columns of {@code by} (among team, channel and operator), over [{@code from},
     * {@code to}), unordered: hours from the hourly rollups, days from the daily ones (without the operator unless
     * split or filtered by it). {@code teams} null reads every team; a filter null reads all. The statement names
     * only the filters given, and is planned for its own window at every run ({@link #CUSTOM_PLAN}).
     */
    Uni<List<Row>> sums(Instant from, Instant to, String granularity, List<String> by, Set<String> teams,
            String team, String channel, String operator) {
        boolean hourly = granularity.equals("hour");
        // days not split or filtered by operator: from the daily counts without one, a fraction of the rows
        String table = hourly ? "analytics_rollup"
                : by.contains("operator") || operator != null
                        ? "analytics_rollup_day"
                        : "analytics_rollup_team_day";
        String period = hourly ? "hour" : "day";
        List<Object> params = new ArrayList<>(List.of(OffsetDateTime.ofInstant(from, ZoneOffset.UTC),
                OffsetDateTime.ofInstant(to, ZoneOffset.UTC)));
        StringBuilder where = new StringBuilder(" WHERE " + period + " >= $1 AND " + period + " < $2");
        if (teams != null) {
            params.add(teams.toArray(String[]::new));
            where.append(" AND team = ANY($").append(params.size()).append(')');
        }
        for (String[] filter : new String[][] { { "team", team }, { "channel", channel }, { "operator", operator } }) {
            if (filter[1] != null) {
                params.add(filter[1]);
                where.append(" AND ").append(filter[0]).append(" = $").append(params.size());
            }
        }
        String columns = by.isEmpty() ? "" : ", " + String.join(", ", by);
        String sql = "SELECT " + period + " AS period, metric, dim" + columns + ", sum(n)::bigint FROM " + table
                + where + " GROUP BY 1, 2, 3" + columns;
        return db.withTransaction(c -> c.query(CUSTOM_PLAN).execute()
                .chain(() -> c.preparedQuery(sql).execute(Tuple.tuple(params)))).map(rows -> {
                    List<Row> all = new ArrayList<>();
                    rows.forEach(all::add);
                    return all;
                });
    }
}
