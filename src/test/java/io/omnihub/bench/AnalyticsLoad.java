package io.omnihub.bench;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import io.omnihub.analytics.EventHistory;
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
    record Queries(long rollupRows, long messagesRepresented, long events, double preloadSeconds,
            OpenLoad.Step warmUp, OpenLoad.Step step) {
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
     * Counts 90 days (3 in a smoke run) of events into rollups, the traffic of 10 M customers sending 50 M messages
     * (in proportion for a smoke run) to 10 teams with 3 operators each ({@link EventHistory}); then reads figures at
     * 5/s (a handful of supervisors' pages at once, the machine otherwise idle): 90 days by day, by week and channel,
     * 30 days by day and team, 7 days by hour for one team; after the same calls for 15 s unmeasured (reported
     * apart): nothing runs these paths before, and their first calls measured the JIT (the first 25 calls in a probe
     * of 7 December took up to 700 ms, the rest at most 250 ms), as the lookups' and timelines' warm-up does.
     */
    static Queries measure(References.Database db, OpenLoad load, String token, Duration hold, boolean smoke,
            Progress progress) {
        int days = smoke ? 3 : 90;
        Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Instant start = end.minus(Duration.ofDays(days));
        try (Connection c = db.connect()) {
            EventHistory.Written history = new EventHistory("bench-team-", 10, Runtime.getRuntime()
                    .availableProcessors()).write(c, end, days, (int) (10_000_000L * days / 90),
                            50_000_000L * days / 90, 17);
            double seconds = history.took().toMillis() / 1000.0;
            progress.say(Report.f("  %,d events of %,d messages in counted into %,d hourly and %,d daily rollup rows"
                    + " over %d days in %.0f s", history.events(), history.messagesIn(), history.hourlyRows(),
                    history.dailyRows(), days, seconds));
            List<String> paths = List.of(
                    "/api/v1/analytics/figures?granularity=day&from=" + start + "&to=" + end,
                    "/api/v1/analytics/figures?granularity=week&by=channel&from=" + start + "&to=" + end,
                    "/api/v1/analytics/figures?granularity=day&by=team&from=" + end.minus(Duration.ofDays(
                            Math.min(days, 30))) + "&to=" + end,
                    "/api/v1/analytics/figures?granularity=hour&team=bench-team-3&from=" + end.minus(
                            Duration.ofDays(Math.min(days, 7))) + "&to=" + end);
            MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + token);
            IntFunction<OpenLoad.Call> call = i -> new OpenLoad.Call(HttpMethod.GET,
                    paths.get(i % paths.size()), headers, null, null);
            OpenLoad.Step warmUp = load.run("analytics queries, warm-up", 5, Duration.ofSeconds(smoke ? 1 : 15), call);
            progress.say(Report.f("  analytics warm-up: p50 %.1f ms, p99 %.1f ms", warmUp.p50(), warmUp.p99()));
            OpenLoad.Step step = load.run("analytics queries", 5, hold, call);
            return new Queries(history.hourlyRows(), history.messagesIn(), history.events(), seconds, warmUp, step);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot write the analytics rollups or read their figures: "
                    + e.getMessage(), e);
        }
    }
}
