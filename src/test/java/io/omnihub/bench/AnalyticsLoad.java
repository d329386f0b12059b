package io.omnihub.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;

/**
 * Analytics under the benchmark: how far the analytics consumer lags behind the intake load, and how fast the figures
 * API reads 90 days of rollups at the volume 10 M customers and 50 M messages make.
 */
final class AnalyticsLoad {

    /** The consumer's lag during a phase: the most events it was behind, and how long it took to catch up after. */
    record Lag(long maxEvents, double caughtUpSecondsAfter) {
    }

    /** The rollups read, and the latency of figures queries over them. */
    record Queries(long rollupRows, long messagesRepresented, double preloadSeconds, OpenLoad.Step step) {
    }

    private static final String TOPIC = "omnihub.events";
    private static final String GROUP = "omnihub-analytics";

    private AnalyticsLoad() {
    }

    /** Samples the consumer group's lag every 250 ms until closed; then waits (up to a minute) until it is zero. */
    static final class LagSampler implements AutoCloseable {

        private final Admin admin;
        private final AtomicLong max = new AtomicLong();
        private final Thread sampler;
        private volatile boolean running = true;
        private Lag result;

        LagSampler(String bootstrap) {
            Properties props = new Properties();
            props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            admin = Admin.create(props);
            sampler = new Thread(() -> {
                while (running) {
                    max.accumulateAndGet(lag(), Math::max);
                    sleep(250);
                }
            }, "analytics-lag");
            sampler.setDaemon(true);
            sampler.start();
        }

        @Override
        public void close() {
            running = false;
            try {
                sampler.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            long stopped = System.nanoTime();
            double caughtUp = Double.NaN;
            while (System.nanoTime() - stopped < Duration.ofMinutes(1).toNanos()) {
                if (lag() == 0) {
                    caughtUp = (System.nanoTime() - stopped) / 1e9;
                    break;
                }
                sleep(250);
            }
            result = new Lag(max.get(), caughtUp);
            admin.close();
        }

        Lag result() {
            return result;
        }

        /** Events of the topic the group has not committed yet. */
        private long lag() {
            try {
                var partitions = admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC).partitions()
                        .stream().map(p -> new TopicPartition(TOPIC, p.partition())).toList();
                Map<TopicPartition, Long> end = admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p,
                        p -> OffsetSpec.latest()))).all().get().entrySet().stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
                var committed = admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
                return end.entrySet().stream().mapToLong(e -> e.getValue() - (committed.get(e.getKey()) == null ? 0
                        : committed.get(e.getKey()).offset())).sum();
            } catch (Exception e) {
                return max.get();
            }
        }

        private static void sleep(long ms) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Writes 90 days (3 in a smoke run) of hourly rollups for 10 teams, 6 channels and 3 operators per team, sized so
     * that they count 50 M messages in, as a year of 10 M customers' traffic would; then reads figures at 5/s (a
     * handful of supervisors' pages at once, the machine otherwise idle): 90 days by day, by week and channel, 30 days
     * by day and team, 7 days by hour for one team.
     */
    static Queries measure(References.Database db, OpenLoad load, String token, Duration hold, boolean smoke,
            Progress progress) {
        int days = smoke ? 3 : 90;
        Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Instant start = end.minus(Duration.ofDays(days));
        long hours = Duration.between(start, end).toHours();
        long perCell = Math.max(1, 50_000_000L / (hours * 10 * 6)); // messages in per hour, team and channel
        long began = System.nanoTime();
        long rows;
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            // counts with the proportions of the benchmark's traffic: replies about 0.7 of messages in, 5% falling
            // back, 2% held; first responses over a few buckets, per operator
            st.execute("INSERT INTO analytics_rollup (hour, team, channel, operator, metric, dim, n)"
                    + " SELECT h, 'bench-team-' || t, ch, '', m.metric, m.dim, greatest(1, (" + perCell + " * m.share)::bigint)"
                    + " FROM generate_series('" + start + "'::timestamptz, '" + end + "'::timestamptz - interval '1 hour',"
                    + " interval '1 hour') h, generate_series(0, 9) t,"
                    + " unnest(ARRAY['web','app','chatbot','sms','office','email']) ch,"
                    + " (VALUES ('in','CUSTOMER',1.0), ('requests','people',0.4), ('out','ROUTED',0.7),"
                    + " ('reply_origin','',0.63), ('reply_fallback','sms',0.05), ('fallback_reason','CONSENT_WITHDRAWN',0.03),"
                    + " ('fallback_reason','NO_CONTACT_POINT',0.02), ('reply_held','',0.02), ('held_reason','NO_CONSENT',0.02),"
                    + " ('delivered','',0.65), ('switch','web',0.04), ('repeat','web',0.02), ('multichannel','',0.03))"
                    + " AS m(metric, dim, share)"
                    + " ON CONFLICT DO NOTHING");
            st.execute("INSERT INTO analytics_rollup (hour, team, channel, operator, metric, dim, n)"
                    + " SELECT h, 'bench-team-' || t, ch, 'operator-' || t || '-' || o, 'first_response', b,"
                    + " greatest(1, (" + perCell + " * 0.4 / 12)::bigint)"
                    + " FROM generate_series('" + start + "'::timestamptz, '" + end + "'::timestamptz - interval '1 hour',"
                    + " interval '1 hour') h, generate_series(0, 9) t, generate_series(0, 2) o,"
                    + " unnest(ARRAY['web','app','chatbot','sms','office','email']) ch,"
                    + " unnest(ARRAY['60','300','900','3600']) b"
                    + " ON CONFLICT DO NOTHING");
            // the daily rollups, as the consumer writes them beside the hourly ones
            st.execute("INSERT INTO analytics_rollup_day (day, team, channel, operator, metric, dim, n)"
                    + " SELECT date_trunc('day', hour, 'UTC'), team, channel, operator, metric, dim, sum(n)"
                    + " FROM analytics_rollup WHERE team LIKE 'bench-team-%' GROUP BY 1, 2, 3, 4, 5, 6"
                    + " ON CONFLICT DO NOTHING");
            st.execute("ANALYZE analytics_rollup");
            st.execute("ANALYZE analytics_rollup_day");
            try (var rs = st.executeQuery("SELECT count(*), coalesce(sum(n) FILTER (WHERE metric = 'in'), 0)"
                    + " FROM analytics_rollup WHERE team LIKE 'bench-team-%'")) {
                rs.next();
                rows = rs.getLong(1);
                long messages = rs.getLong(2);
                double seconds = (System.nanoTime() - began) / 1e9;
                progress.say(Report.f("  %,d rollup rows counting %,d messages in over %d days, written in %.0f s",
                        rows, messages, days, seconds));
                List<String> paths = List.of(
                        "/api/v1/analytics/figures?granularity=day&from=" + start + "&to=" + end,
                        "/api/v1/analytics/figures?granularity=week&by=channel&from=" + start + "&to=" + end,
                        "/api/v1/analytics/figures?granularity=day&by=team&from=" + end.minus(Duration.ofDays(
                                Math.min(days, 30))) + "&to=" + end,
                        "/api/v1/analytics/figures?granularity=hour&team=bench-team-3&from=" + end.minus(
                                Duration.ofDays(Math.min(days, 7))) + "&to=" + end);
                MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + token);
                OpenLoad.Step step = load.run("analytics queries", 5, hold,
                        i -> new OpenLoad.Call(HttpMethod.GET, paths.get(i % paths.size()), headers, null, null));
                return new Queries(rows, messages, seconds, step);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot write the analytics rollups: " + e.getMessage(), e);
        }
    }
}
