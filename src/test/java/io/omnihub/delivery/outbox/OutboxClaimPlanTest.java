package io.omnihub.delivery.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.omnihub.support.Db;
import io.quarkus.test.junit.QuarkusTest;

/**
 * After a burst, the relay's claim reads its batch of pending entries and not the published history the retention
 * keeps: {@link OutboxEntries#claimSql} itself, on a copy of the outbox with every index the schema has, 100,000
 * published entries and a backlog of 10,000 behind them, just analysed. Before V30, PostgreSQL took the batch's id
 * order from the primary key and filtered out every published entry on the way (the benchmark's relay, 316 ms a
 * claim, never caught up). Checked in the plan for the claim's parameters and still after six runs, when a prepared
 * statement may have switched to a generic plan.
 */
@QuarkusTest
class OutboxClaimPlanTest {

    private static final int PUBLISHED = 100_000;
    private static final int PENDING = 10_000;
    private static final Pattern REMOVED = Pattern.compile("Rows Removed by Filter: (\\d+)");
    /** A scan of the table (not one of its indexes' own lines): its rows per loop and its loops. */
    private static final Pattern SCAN = Pattern.compile(
            " on outbox_copy(?: [a-z_0-9]+)?  \\(cost=.*actual time=\\S+ rows=(\\d+) loops=(\\d+)");

    @Test
    void aClaimAfterABurstReadsItsBatchNotThePublishedHistory() throws Exception {
        checkPlans(false);
    }

    /**
     * The same backlog arrived after the statistics were taken, as a burst does between two automatic analyses: they
     * say almost nothing is pending. The benchmark's replies at 500/s on 6 December: 25,000 entries pending, each claim
     * 3 s, about 30 replies a second delivered until PostgreSQL analysed the table again.
     */
    @Test
    void aClaimReadsItsBatchWhenTheStatisticsPredateTheBacklog() throws Exception {
        checkPlans(true);
    }

    private static void checkPlans(boolean statisticsBeforeBacklog) throws Exception {
        String[] plans;
        try (Connection c = Db.jdbc(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("CREATE TEMP TABLE outbox_copy (LIKE outbox INCLUDING ALL) ON COMMIT DROP");
            // ids in time order, as Ids makes them: the published history first, then the backlog
            insert(st, 1, PUBLISHED, true);
            if (statisticsBeforeBacklog) {
                st.execute("ANALYZE outbox_copy");
            }
            insert(st, PUBLISHED + 1, PUBLISHED + PENDING, false);
            if (!statisticsBeforeBacklog) {
                st.execute("ANALYZE outbox_copy");
            }
            String claim = OutboxEntries.claimSql(false).replace(" outbox ", " outbox_copy ");
            st.execute("PREPARE claim(timestamptz, bigint) AS " + claim.replaceAll("\\?(\\d)", "\\$$1"));
            String execute = "EXPLAIN (ANALYZE, BUFFERS) EXECUTE claim(now(), " + OutboxRelay.BATCH + ")";
            plans = Db.firstAndAfterSixRuns(st, execute);
            st.execute("DEALLOCATE claim");
            c.rollback();
        }
        for (String p : plans) {
            assertThat(p).as("a batch claimed").contains("rows=" + OutboxRelay.BATCH + " loops=1");
            // at most one pass over the pending entries (stale statistics may cost that), never one per entry of
            // the batch (with them, 4,000,600 rows and 0.9 s before the claim read small sets computed once)
            assertThat(rowsRead(p)).as("entries the claim read, with %,d pending\n%s", PENDING, p)
                    .isLessThan(2L * PENDING);
        }
    }

    /** The rows every scan of the table read, those its filter left included, over all its loops. */
    private static long rowsRead(String plan) {
        long read = 0;
        String[] lines = plan.split("\n");
        for (int i = 0; i < lines.length; i++) {
            Matcher scan = SCAN.matcher(lines[i]);
            if (!scan.find()) {
                continue;
            }
            long rows = Long.parseLong(scan.group(1));
            for (int j = i + 1; j < lines.length && !lines[j].contains("->"); j++) {
                Matcher removed = REMOVED.matcher(lines[j]);
                if (removed.find()) {
                    rows += Long.parseLong(removed.group(1));
                }
            }
            read += rows * Long.parseLong(scan.group(2));
        }
        return read;
    }

    /** Entries {@code from} to {@code to}: published an hour ago, or pending since then. */
    private static void insert(Statement st, int from, int to, boolean published) throws java.sql.SQLException {
        st.execute("INSERT INTO outbox_copy (id, aggregate_type, aggregate_id, topic, message_key, type, payload,"
                + " created_at, available_at, published_at) SELECT (lpad(to_hex(i), 8, '0')"
                + " || '-0000-7000-8000-000000000000')::uuid, 'request', gen_random_uuid(), 'omnihub.events',"
                + " 'k' || (i % 7919), 'RequestCreated', '{}', now() - interval '1 hour',"
                + " now() - interval '1 hour', " + (published ? "now() - interval '1 hour'" : "NULL")
                + " FROM generate_series(" + from + ", " + to + ") i");
    }
}
