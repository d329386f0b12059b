package io.omnihub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import io.omnihub.support.Db;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The unconfirmed replies' check ({@link ReplyRepository#unconfirmed}) reads only the overdue replies of the channels
 * it asks about, even when another channel, whose adapter sends no receipts, has thousands of replies overdue: the
 * benchmark's plans found it reading the whole table of replies for a chatbot's check that found none. And when the
 * channels it asks about have such a backlog, it reads the oldest hundred, not the whole backlog to sort it: with the
 * index keyed by channel alone, the benchmark's plans found a sequential scan and a sort on disk of 19,346 replies
 * (175 ms). The statement is the one Hibernate writes for it, run on a copy of the table with its indexes.
 */
@QuarkusTest
class UnconfirmedRepliesPlanTest {

    @Test
    void aChannelsCheckReadsItsOwnOverdueRepliesOnly() throws Exception {
        String plan = planOnACopy("'chatbot'");

        assertThat(plan).doesNotContain("Seq Scan").doesNotContain("Rows Removed by Filter")
                .contains("reply_copy_channel_dispatched_at_idx")
                .containsPattern("Index Cond: \\(\\(channel = 'chatbot'::text\\) AND \\(dispatched_at < ");
    }

    @Test
    void aCheckOfSeveralChannelsProbesTheIndexForThemToo() throws Exception {
        String plan = planOnACopy("'sms', 'email', 'chatbot'");

        assertThat(plan).doesNotContain("Seq Scan").doesNotContain("Rows Removed by Filter")
                .contains("reply_copy_channel_dispatched_at_idx");
    }

    @Test
    void aCheckOfSeveralChannelsWithABacklogReadsTheOldestHundredOnly() throws Exception {
        String plan = planOnACopy("'web', 'sms', 'email'");

        assertThat(plan).as("in time order from the index, stopping at the hundredth").doesNotContain("Seq Scan")
                .doesNotContain("Sort").containsPattern(
                        "Index Scan using reply_copy_dispatched_at_idx on reply_copy \\(actual time=\\S+ rows=100 ");
    }

    /**
     * EXPLAIN ANALYZE of the check for these channels on a copy of the table: 20,000 web replies dispatched an hour
     * ago and never confirmed, 20,000 delivered ones, and a few chatbot replies dispatched just now.
     */
    private static String planOnACopy(String channels) throws Exception {
        String plan;
        try (Connection c = Db.jdbc(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("CREATE TEMP TABLE reply_copy (LIKE reply INCLUDING ALL) ON COMMIT DROP");
            st.execute("INSERT INTO reply_copy (message_id, request_id, status, purpose, channel, routing_decision,"
                    + " dispatched_at, created_at) SELECT gen_random_uuid(), gen_random_uuid(),"
                    + " CASE WHEN i % 2 = 0 THEN 'DISPATCHED' ELSE 'DELIVERED' END, 'SERVICE',"
                    + " CASE WHEN i > 39990 THEN 'chatbot' ELSE 'web' END, '{}',"
                    + " CASE WHEN i > 39990 THEN now() ELSE now() - interval '1 hour' END, now()"
                    + " FROM generate_series(1, 40000) AS i");
            st.execute("ANALYZE reply_copy");
            plan = Db.plan(st, "EXPLAIN (ANALYZE, COSTS OFF) SELECT message_id FROM reply_copy"
                    + " WHERE status = 'DISPATCHED' AND channel IN (" + channels + ")"
                    + " AND dispatched_at < now() - interval '30 seconds' ORDER BY dispatched_at"
                    + " FETCH FIRST 100 ROWS ONLY FOR NO KEY UPDATE SKIP LOCKED");
            c.rollback();
        }
        return plan;
    }
}
