package io.omnihub.analytics;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.omnihub.consent.ConsentEvent;
import io.omnihub.consent.ConsentEvents;
import io.omnihub.delivery.DeliveryEvents;
import io.omnihub.delivery.ReplyStatus;
import io.omnihub.platform.DomainEvent;
import io.omnihub.request.RequestEvents;
import io.omnihub.request.RequestStatus;
import io.omnihub.routing.Decision;
import io.omnihub.routing.Purpose;

/**
 * The benchmark's analytics history: days of traffic of many customers, simulated one customer message at a time as
 * the events Omnihub's producers write (their own records, as JSON), each counted by the consumer's own
 * {@link Rollups#of} and {@link RollupStore#count}, and the sums written with {@code COPY}. A customer's journey facts
 * ({@code firstUseOfChannel}, {@code switchedFrom}, {@code repeatOf}) come from that customer's simulated history, as
 * the intake computes them. Rows of its teams are replaced; consent changes (counted without a team) add to what is
 * there. The events skip Kafka and the table of seen ids (each is new), which would take hours
 * at this volume here; the live consumer's path is measured apart (its lag under intake).
 */
public final class EventHistory {

    /** What was written: events counted, customer messages among them, rows of hourly and daily rollups. */
    public record Written(long events, long messagesIn, long hourlyRows, long dailyRows, Duration took) {
    }

    private static final String[] CHANNELS = { "web", "app", "chatbot", "sms", "office", "email" };
    /** The intake's mix, as the benchmark's traffic sends it: web 30%, app 25%, chatbot 20%, SMS 15%, office 10%. */
    private static final int[] MIX = { 30, 55, 75, 90, 100 };
    private static final int CHATBOT = 2;
    private static final int SMS = 3;
    private static final int EMAIL = 5;
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private final String teamPrefix;
    private final int teams;
    private final int threads;

    /** Traffic of {@code teams} teams named {@code teamPrefix}0…, each with three operators, simulated on {@code threads}. */
    public EventHistory(String teamPrefix, int teams, int threads) {
        this.teamPrefix = teamPrefix;
        this.teams = teams;
        this.threads = threads;
    }

    /**
     * Replaces the rollups of this history's teams with {@code days} days ending at {@code end} (an hour), in which
     * {@code customers} customers send {@code messagesIn} messages, spread evenly over the hours.
     */
    public Written write(Connection db, Instant end, int days, int customers, long messagesIn, long seed)
            throws SQLException, IOException, InterruptedException, ExecutionException {
        long began = System.nanoTime();
        try (Statement st = db.createStatement()) {
            st.execute("DELETE FROM analytics_rollup WHERE team LIKE '" + teamPrefix + "%'");
            st.execute("DELETE FROM analytics_rollup_day WHERE team LIKE '" + teamPrefix + "%'");
            st.execute("DELETE FROM analytics_rollup_team_day WHERE team LIKE '" + teamPrefix + "%'");
            st.execute("CREATE TEMPORARY TABLE IF NOT EXISTS history_rows (period timestamptz, team text, channel text,"
                    + " operator text, metric text, dim text, n bigint)");
        }
        Instant start = end.minus(Duration.ofDays(days));
        long hours = (long) days * 24;
        List<Customers> parts = new ArrayList<>();
        for (int p = 0; p < threads; p++) {
            parts.add(new Customers(p, customers / threads + (p < customers % threads ? 1 : 0), seed + p));
        }
        long events = 0;
        long written = 0;
        long hourly = 0;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int day = 0; day < days; day++) {
                Instant from = start.plus(Duration.ofDays(day));
                long firstHour = (long) day * 24;
                // this day's messages, spread evenly over the hours (the total exact over the whole history)
                long dayMessages = messagesIn * (firstHour + 24) / hours - messagesIn * firstHour / hours;
                List<Future<Sums>> futures = new ArrayList<>();
                for (Customers part : parts) {
                    long share = dayMessages / threads + (part.index < dayMessages % threads ? 1 : 0);
                    futures.add(pool.submit(() -> part.day(from, (int) firstHour, share)));
                }
                Map<RollupStore.Key, Long> hourSums = new HashMap<>();
                Map<RollupStore.Key, Long> daySums = new HashMap<>();
                Map<RollupStore.Key, Long> teamDaySums = new HashMap<>();
                for (Future<Sums> f : futures) {
                    Sums s = f.get();
                    s.hours.forEach((k, n) -> hourSums.merge(k, n, Long::sum));
                    s.days.forEach((k, n) -> daySums.merge(k, n, Long::sum));
                    s.teamDays.forEach((k, n) -> teamDaySums.merge(k, n, Long::sum));
                    events += s.events;
                    written += s.messagesIn;
                }
                hourly += copy(db, "analytics_rollup", "hour", true, hourSums);
                copy(db, "analytics_rollup_day", "day", true, daySums);
                copy(db, "analytics_rollup_team_day", "day", false, teamDaySums);
            }
        } finally {
            pool.shutdownNow();
        }
        try (Statement st = db.createStatement()) {
            st.execute("ANALYZE analytics_rollup");
            st.execute("ANALYZE analytics_rollup_day");
            st.execute("ANALYZE analytics_rollup_team_day");
            // the history's days run from its first hour, UTC days from midnight: a UTC day gathers two of them
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM analytics_rollup_day WHERE team LIKE '"
                    + teamPrefix + "%'")) {
                rs.next();
                return new Written(events, written, hourly, rs.getLong(1), Duration.ofNanos(System.nanoTime()
                        - began));
            }
        }
    }

    /**
     * Adds {@code sums} to {@code table}'s rows through a staging table filled by {@code COPY}: rows without a team
     * (consent changes) may already hold counts of other traffic, and add to them as the consumer's would.
     */
    private static long copy(Connection db, String table, String period, boolean operator,
            Map<RollupStore.Key, Long> sums) throws SQLException, IOException {
        StringBuilder text = new StringBuilder(sums.size() * 80);
        sums.forEach((k, n) -> text.append(k.hour()).append('\t').append(k.team()).append('\t').append(k.channel())
                .append('\t').append(k.operator()).append('\t').append(k.metric()).append('\t').append(k.dim())
                .append('\t').append(n).append('\n'));
        long rows = new CopyManager(db.unwrap(BaseConnection.class)).copyIn("COPY history_rows FROM STDIN",
                new StringReader(text.toString()));
        try (Statement st = db.createStatement()) {
            String key = RollupStore.key(period, operator);
            st.execute("INSERT INTO " + table + " (" + key + ", n) SELECT " + RollupStore.key("period", operator)
                    + ", n FROM history_rows ON CONFLICT (" + key + ") DO UPDATE SET n = " + table + ".n + EXCLUDED.n");
            st.execute("TRUNCATE history_rows");
        }
        return rows;
    }

    /** One day's counts of a share of the customers. */
    private static final class Sums {
        final Map<RollupStore.Key, Long> hours = new HashMap<>();
        final Map<RollupStore.Key, Long> days = new HashMap<>();
        final Map<RollupStore.Key, Long> teamDays = new HashMap<>();
        long events;
        long messagesIn;
    }

    /** A share of the customers (those whose number modulo the threads is {@code index}) and their history so far. */
    private final class Customers {
        final int index;
        final int count;
        final SplittableRandom random;
        /** Per customer: channels used (bits), the last channel written on, the open request's channel and hour. */
        final byte[] used;
        final byte[] last;
        final byte[] open;
        final int[] openedAt;
        final boolean[] answered;
        /** Per customer: requests so far; a request's id is the customer's and its number (no object per customer). */
        final int[] requests;
        Sums sums;

        Customers(int index, int count, long seed) {
            this.index = index;
            this.count = count;
            this.random = new SplittableRandom(seed);
            used = new byte[count];
            last = new byte[count];
            open = new byte[count];
            openedAt = new int[count];
            answered = new boolean[count];
            requests = new int[count];
            java.util.Arrays.fill(last, (byte) -1);
            java.util.Arrays.fill(open, (byte) -1);
        }

        Sums day(Instant from, int firstHour, long messages) {
            sums = new Sums();
            for (int h = 0; h < 24; h++) {
                Instant at = from.plus(Duration.ofHours(h));
                long n = messages / 24 + (h < messages % 24 ? 1 : 0);
                for (long m = 0; m < n; m++) {
                    message(random.nextInt(count), at, firstHour + h);
                }
            }
            return sums;
        }

        /** Customer {@code i} writes at {@code at}: the events of that message and of the answers it gets. */
        private void message(int i, Instant at, int hour) {
            UUID customer = new UUID(index, i);
            int team = (int) ((long) i * threads + index) % teams;
            String teamName = teamPrefix + team;
            int ch = channel();
            String channel = CHANNELS[ch];
            boolean fresh = open[i] != ch;
            if (fresh) {
                int bit = 1 << ch;
                String switchedFrom = last[i] >= 0 && last[i] != ch ? CHANNELS[last[i]] : null;
                String repeatOf = open[i] >= 0 && hour - openedAt[i] < 24 ? CHANNELS[open[i]] : null;
                requests[i]++;
                emit(at, new RequestEvents.RequestCreated(request(i), customer, channel, teamName, ch == CHATBOT,
                        (used[i] & bit) == 0, Integer.bitCount(used[i] | bit), switchedFrom, repeatOf));
                used[i] |= (byte) bit;
                open[i] = (byte) ch;
                openedAt[i] = hour;
                answered[i] = false;
            }
            last[i] = (byte) ch;
            UUID request = request(i);
            emit(at, new RequestEvents.MessageReceived(id(), request, customer, channel, "CUSTOMER", at,
                    teamName));
            sums.messagesIn++;
            if (fresh && ch == CHATBOT) {
                emit(at, new RequestEvents.MessageReceived(id(), request, customer, channel, "BOT", at,
                        teamName));
                if (random.nextInt(100) < 40) { // the bot answers it and closes it
                    emit(at, new RequestEvents.RequestStatusChanged(request, RequestStatus.CLOSED, RequestStatus.BOT,
                            teamName, channel, null, true, null));
                    open[i] = -1;
                    return;
                }
                emit(at, new RequestEvents.HandedOff(request, teamName, teamName, channel, "bot"));
            }
            if (random.nextInt(100) < 70) {
                reply(i, at, request, customer, teamName, ch);
            }
            if (random.nextInt(1000) < 2) {
                emit(at, new ConsentEvents.ConsentChanged(customer, CHANNELS[SMS], Purpose.MARKETING,
                        ConsentEvent.Action.WITHDRAWN, id(), null));
            }
        }

        /** An operator answers: routed on the origin channel, by fallback, deferred or held; then perhaps resolved. */
        private void reply(int i, Instant at, UUID request, UUID customer, String team, int ch) {
            String operator = "operator-" + team.substring(teamPrefix.length()) + "-" + random.nextInt(3);
            String origin = CHANNELS[ch];
            UUID message = id();
            int r = random.nextInt(100);
            if (r < 2) {
                emit(at, new DeliveryEvents.ReplyHeld(message, request, customer, Decision.Outcome.HELD, null, null,
                        team, origin, List.of(Decision.Code.NO_CONSENT.name()), operator, Purpose.SERVICE));
            } else {
                boolean fallback = r < 7;
                String channel = fallback ? CHANNELS[ch == SMS ? EMAIL : SMS] : origin;
                List<String> reasons = fallback ? List.of((r < 5 ? Decision.Code.CONSENT_WITHDRAWN
                        : Decision.Code.NO_CONTACT_POINT).name()) : List.of();
                Decision.Outcome outcome = r == 99 ? Decision.Outcome.DEFERRED : Decision.Outcome.ROUTED;
                emit(at, new DeliveryEvents.ReplyRouted(message, request, customer, outcome, channel, team, origin,
                        fallback, reasons, operator, Purpose.SERVICE));
                if (random.nextInt(100) < 97) {
                    emit(at, new DeliveryEvents.ReplyDelivered(message, request, channel, ReplyStatus.DELIVERED, team,
                            origin));
                } else {
                    emit(at, new DeliveryEvents.ReplyFailed(message, request, channel, ReplyStatus.FAILED,
                            "undeliverable", List.of(channel), team, origin));
                }
            }
            if (!answered[i]) {
                answered[i] = true;
                emit(at, new RequestEvents.FirstResponse(request, customer, team, origin, operator,
                        (long) (-600 * Math.log(1 - random.nextDouble()))));
            }
            if (random.nextInt(100) < 50) {
                emit(at, new RequestEvents.RequestStatusChanged(request, RequestStatus.RESOLVED, RequestStatus.OPEN,
                        team, origin, operator, false, (long) (-3_600 * Math.log(1 - random.nextDouble()))));
                open[i] = -1;
            }
        }

        private UUID request(int i) {
            return new UUID((long) index << 32 | i, requests[i]);
        }

        /** A random id: {@link UUID#randomUUID()} would make the threads queue for the secure random. */
        private UUID id() {
            return new UUID(random.nextLong(), random.nextLong());
        }

        private int channel() {
            int p = random.nextInt(100);
            int ch = 0;
            while (p >= MIX[ch]) {
                ch++;
            }
            return ch;
        }

        /** The event as the relay publishes it, counted as the consumer counts it. */
        private void emit(Instant at, DomainEvent event) {
            Rollups.Event e = new Rollups.Event(id(), event.meta().type(), at, JSON.valueToTree(event));
            for (Rollups.Row row : Rollups.of(e)) {
                RollupStore.count(sums.hours, row, ChronoUnit.HOURS, true);
                RollupStore.count(sums.days, row, ChronoUnit.DAYS, true);
                RollupStore.count(sums.teamDays, row, ChronoUnit.DAYS, false);
            }
            sums.events++;
        }
    }
}
