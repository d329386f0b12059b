package io.omnihub.analytics;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.omnihub.platform.ProblemException;
import io.omnihub.security.Caller;
import io.omnihub.security.Roles;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;

/**
 * The figures of a window, read from the rollups: a count per period, metric and {@code dim}, split by team, channel
 * or operator as asked. Time histograms ({@link #TIMES}) read as their count and their p50 and p90 (the upper bound of
 * the bucket each falls in, in seconds; null when over a week) instead of their buckets.
 */
@ApplicationScoped
public class Figures {

    /** Metrics kept as histograms of seconds. */
    static final Set<String> TIMES = Set.of("first_response", "resolution");
    /** The columns figures may be split by. */
    static final List<String> SPLITS = List.of("team", "channel", "operator");
    static final Set<String> GRANULARITIES = Set.of("hour", "day", "week");

    private final RollupStore store;

    Figures(RollupStore store) {
        this.store = store;
    }

    /** What is asked: a window [from, to), its periods, the splits, and filters (null: all). */
    public record Query(Instant from, Instant to, String granularity, List<String> by, String team, String channel,
            String operator) {

        /** The longest window one call reads; hourly periods at most this long. */
        private static final Duration MAX_WINDOW = Duration.ofDays(400);
        private static final Duration MAX_HOURLY = Duration.ofDays(31);

        /**
         * A query from request parameters (each may be null): {@code from}/{@code to} ISO-8601 instants, widened to
         * whole hours for hourly periods and to whole UTC days for daily and weekly ones (default: the seven days to
         * now); {@code granularity} hour, day (default) or week; {@code by} a comma-separated split among team, channel and
         * operator. 400 for what does
         * not parse.
         */
        public static Query parse(String from, String to, String granularity, String by, String team,
                String channel, String operator, Instant now) {
            String periods = granularity == null ? "day" : granularity;
            if (!GRANULARITIES.contains(periods)) {
                throw ProblemException.invalidField("granularity", "must be hour, day or week");
            }
            // hourly figures count whole hours, daily and weekly ones whole UTC days
            ChronoUnit unit = periods.equals("hour") ? ChronoUnit.HOURS : ChronoUnit.DAYS;
            Instant end = ceil(to == null ? now : instant("to", to), unit);
            Instant start = from == null ? end.minus(Duration.ofDays(7)) : instant("from", from).truncatedTo(unit);
            if (periods.equals("week")) { // whole weeks, Monday to Monday, so that no week reads as whole while partial
                start = period(start, periods);
                end = end.equals(period(end, periods)) ? end : period(end, periods).plus(Duration.ofDays(7));
            }
            if (!start.isBefore(end) || Duration.between(start, end).compareTo(MAX_WINDOW) > 0) {
                throw ProblemException.invalidField("to", "must be after from, at most 400 days later");
            }
            if (periods.equals("hour") && Duration.between(start, end).compareTo(MAX_HOURLY) > 0) {
                throw ProblemException.invalidField("granularity", "hourly periods cover at most 31 days");
            }
            List<String> splits = by == null || by.isBlank() ? List.of()
                    : Arrays.stream(by.split(",")).map(String::strip).distinct().toList();
            if (!SPLITS.containsAll(splits)) {
                throw ProblemException.invalidField("by", "must list among team, channel and operator");
            }
            // in the rollups' column order, so that the SQL is one of few texts
            return new Query(start, end, periods, SPLITS.stream().filter(splits::contains).toList(),
                    blankToNull(team), blankToNull(channel), blankToNull(operator));
        }

        private static Instant instant(String field, String value) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw ProblemException.invalidField(field,
                        "must be an ISO-8601 instant such as 2026-12-01T00:00:00Z");
            }
        }

        private static Instant ceil(Instant at, ChronoUnit unit) {
            Instant down = at.truncatedTo(unit);
            return down.equals(at) ? at : down.plus(unit.getDuration());
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value;
        }
    }

    /** One figure; the split columns not asked for are absent. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Figure(Instant period, String metric, String dim, String team, String channel, String operator,
            @JsonInclude(JsonInclude.Include.ALWAYS) Long value) {
    }

    /**
     * The figures of {@code query} that {@code caller} may read: supervisors those of their teams (404 for a team
     * filter outside them); privacy officers and admins, who run the whole hub, every team's and those of no team.
     */
    public Uni<List<Figure>> read(Query query, Caller caller) {
        boolean all = caller.seesAllTeams() || caller.has(Roles.ADMIN);
        if (query.team() != null && !all && !caller.sees(query.team())) {
            return Uni.createFrom().failure(ProblemException.notFound("Team"));
        }
        return of(query, all ? null : caller.teams());
    }

    /** The figures of {@code query} over {@code teams} (null: every team, and figures of no team). */
    Uni<List<Figure>> of(Query query, Set<String> teams) {
        return store.sums(query.from(), query.to(), query.granularity(), query.by(), teams, query.team(),
                query.channel(), query.operator()).map(rows -> figures(rows, query.by(), query.granularity()));
    }

    /**
     * The store's sums per hour or day, gathered into the query's periods (a week starts on Monday, UTC): done here
     * rather than by truncating every row's time in SQL, which cost PostgreSQL more than the sums themselves.
     */
    private static List<Figure> figures(List<Row> rows, List<String> by, String granularity) {
        Map<Figure, Long> counts = new LinkedHashMap<>();
        // per period, time metric and split: bucket → count
        Map<Figure, Map<Long, Long>> histograms = new LinkedHashMap<>();
        for (Row row : rows) {
            Instant period = period(row.getOffsetDateTime("period").toInstant(), granularity);
            String metric = row.getString("metric");
            String dim = row.getString("dim");
            String team = by.contains("team") ? row.getString("team") : null;
            String channel = by.contains("channel") ? row.getString("channel") : null;
            String operator = by.contains("operator") ? row.getString("operator") : null;
            long n = row.getLong(row.size() - 1);
            if (TIMES.contains(metric)) {
                histograms.computeIfAbsent(new Figure(period, metric, "", team, channel, operator, null),
                        k -> new TreeMap<>()).merge(Buckets.bound(dim), n, Long::sum);
            } else {
                counts.merge(new Figure(period, metric, dim, team, channel, operator, null), n, Long::sum);
            }
        }
        List<Figure> out = new ArrayList<>();
        counts.forEach((key, n) -> out.add(new Figure(key.period(), key.metric(), key.dim(), key.team(),
                key.channel(), key.operator(), n)));
        histograms.forEach((key, buckets) -> {
            long count = buckets.values().stream().mapToLong(Long::longValue).sum();
            out.add(with(key, key.metric() + ".count", count));
            out.add(with(key, key.metric() + ".p50", percentile(buckets, count, 0.5)));
            out.add(with(key, key.metric() + ".p90", percentile(buckets, count, 0.9)));
        });
        out.sort(ORDER);
        return out;
    }

    private static final java.util.Comparator<String> NULLS_FIRST = java.util.Comparator
            .nullsFirst(java.util.Comparator.naturalOrder());
    /** By period, metric, the splits and dim. */
    private static final java.util.Comparator<Figure> ORDER = java.util.Comparator.comparing(Figure::period)
            .thenComparing(Figure::metric).thenComparing(Figure::team, NULLS_FIRST)
            .thenComparing(Figure::channel, NULLS_FIRST).thenComparing(Figure::operator, NULLS_FIRST)
            .thenComparing(Figure::dim);

    /** The start of the period an hour or a day belongs to. */
    private static Instant period(Instant at, String granularity) {
        return granularity.equals("week")
                ? at.atZone(java.time.ZoneOffset.UTC).toLocalDate()
                        .with(java.time.temporal.TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY))
                        .atStartOfDay(java.time.ZoneOffset.UTC).toInstant()
                : at;
    }

    private static Figure with(Figure key, String metric, Long value) {
        return new Figure(key.period(), metric, "", key.team(), key.channel(), key.operator(), value);
    }

    /** The upper bound of the bucket holding the {@code q} quantile; null when that is the bucket over a week. */
    static Long percentile(Map<Long, Long> buckets, long count, double q) {
        long rank = Math.max(1, (long) Math.ceil(q * count));
        long seen = 0;
        for (Map.Entry<Long, Long> b : buckets.entrySet()) {
            seen += b.getValue();
            if (seen >= rank) {
                return b.getKey() == Long.MAX_VALUE ? null : b.getKey();
            }
        }
        return null;
    }

    /** As CSV: a header line, then one line per figure; absent splits and null values are empty. */
    public static String csv(List<Figure> figures) {
        StringBuilder csv = new StringBuilder("period,metric,dim,team,channel,operator,value\n");
        for (Figure f : figures) {
            csv.append(f.period()).append(',').append(cell(f.metric())).append(',').append(cell(f.dim()))
                    .append(',').append(cell(f.team())).append(',').append(cell(f.channel())).append(',')
                    .append(cell(f.operator())).append(',').append(f.value() == null ? "" : f.value()).append('\n');
        }
        return csv.toString();
    }

    private static final java.util.regex.Pattern NEEDS_QUOTES = java.util.regex.Pattern.compile("[,\"\r\n]");

    /** A CSV cell: quoted when it holds a comma, quote or line break; a leading formula character is neutralised. */
    private static String cell(String value) {
        if (value == null) {
            return "";
        }
        String v = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return NEEDS_QUOTES.matcher(v).find() ? '"' + v.replace("\"", "\"\"") + '"' : v;
    }
}
