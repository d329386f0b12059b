package io.omnihub.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.omnihub.support.Db;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The benchmark's analytics history ({@link EventHistory}) counts what it simulates: every customer message once, the
 * daily rollups the sums of the hourly ones, journeys that follow from customers' histories, and the same numbers
 * again from the same seed. Its teams and days are its own, and it removes them after.
 */
@QuarkusTest
class EventHistoryTest {

    private static final String TEAMS = "history-test-";
    private static final Instant END = Instant.parse("2020-01-03T00:00:00Z");
    /** The history's rows: its teams', and the consent changes (no team) of its two days. */
    private static final String OURS = "(team LIKE '" + TEAMS + "%' OR team = '' AND hour >= '2020-01-01'"
            + " AND hour < '" + END + "')";

    @Test
    void countsEveryMessageOnceWithDailySumsAndJourneysAndAgainTheSameFromTheSameSeed() throws Exception {
        try (Connection c = Db.jdbc()) {
            EventHistory history = new EventHistory(TEAMS, 4, 2);
            EventHistory.Written written = history.write(c, END, 2, 20_000, 60_001, 7);
            assertThat(written.messagesIn()).isEqualTo(60_001);
            Map<String, Long> hourly = totals(c, "analytics_rollup");
            assertThat(hourly.get("in|CUSTOMER")).isEqualTo(60_001);
            assertThat(totals(c, "analytics_rollup_day")).isEqualTo(hourly);
            assertThat(totals(c, "analytics_rollup_team_day")).isEqualTo(hourly);
            assertThat(written.hourlyRows()).isEqualTo(rows(c, "analytics_rollup"));
            // consent changes carry no team: counted on their own rows
            assertThat(consents(c)).isPositive();
            // 60,001 messages of 20,000 customers: most write more than once, some on a second channel
            assertThat(sum(hourly, "requests|")).isBetween(20_000L, 60_001L);
            assertThat(sum(hourly, "multichannel|")).isBetween(1L, 20_000L);
            // a repeat is a switch away from an open request: never more of them than switches
            assertThat(sum(hourly, "repeat|")).isPositive().isLessThanOrEqualTo(sum(hourly, "switch|"));
            assertThat(sum(hourly, "reply_fallback|")).isPositive();
            assertThat(sum(hourly, "held_reason|NO_CONSENT")).isEqualTo(sum(hourly, "reply_held|"));
            assertThat(sum(hourly, "bot_closed|") + sum(hourly, "bot_handed_off|"))
                    .isEqualTo(hourly.get("requests|bot"));

            history.write(c, END, 2, 20_000, 60_001, 7);
            assertThat(totals(c, "analytics_rollup")).isEqualTo(hourly);
        } finally {
            try (Connection c = Db.jdbc(); Statement st = c.createStatement()) {
                st.execute("DELETE FROM analytics_rollup WHERE " + OURS);
                st.execute("DELETE FROM analytics_rollup_day WHERE " + OURS.replace("hour", "day"));
                st.execute("DELETE FROM analytics_rollup_team_day WHERE " + OURS.replace("hour", "day"));
            }
        }
    }

    /** Counts per metric and dimension over the history's teams. */
    private static Map<String, Long> totals(Connection c, String table) throws Exception {
        Map<String, Long> totals = new TreeMap<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT metric || '|' || dim,"
                        + " sum(n)::bigint FROM " + table + " WHERE team LIKE '" + TEAMS + "%' GROUP BY 1")) {
            while (rs.next()) {
                totals.put(rs.getString(1), rs.getLong(2));
            }
        }
        return totals;
    }

    private static long rows(Connection c, String table) throws Exception {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table
                        + " WHERE " + OURS)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long consents(Connection c) throws Exception {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT coalesce(sum(n), 0)"
                        + " FROM analytics_rollup WHERE metric = 'consent' AND " + OURS)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The counts of every key starting with {@code prefix}. */
    private static long sum(Map<String, Long> totals, String prefix) {
        return totals.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToLong(Map.Entry::getValue)
                .sum();
    }
}
