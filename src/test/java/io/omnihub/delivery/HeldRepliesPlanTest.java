package io.omnihub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import io.omnihub.support.Db;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The held replies' sweep reads the held replies, not every reply there is: {@link ReplyRepository#HELD_AFTER} itself,
 * on a copy of the reply table with every index the schema has, 100,000 delivered replies and 300 held ones among
 * them. Without {@code V31}'s index, a sequential scan of every reply, once a minute on every replica. Checked in the
 * plan for the sweep's parameters and still after six runs, when a prepared statement may have switched to a generic
 * plan.
 */
@QuarkusTest
class HeldRepliesPlanTest {

    private static final int REPLIES = 100_000;
    private static final int HELD_EVERY = 333;

    @Test
    void theSweepReadsAPageOfHeldRepliesHoweverManyRepliesThereAre() throws Exception {
        String[] plans;
        try (Connection c = Db.jdbc(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("CREATE TEMP TABLE reply_copy (LIKE reply INCLUDING ALL) ON COMMIT DROP");
            st.execute("INSERT INTO reply_copy (message_id, request_id, status, purpose, channel, routing_decision,"
                    + " created_at) SELECT gen_random_uuid(), gen_random_uuid(), CASE WHEN i % " + HELD_EVERY
                    + " = 0 THEN 'HELD' ELSE 'DELIVERED' END, 'SERVICE', 'sms', '{}', now() - i * interval '1 s'"
                    + " FROM generate_series(1, " + REPLIES + ") AS i");
            st.execute("ANALYZE reply_copy");
            String held = ReplyRepository.HELD_AFTER.replace(" reply ", " reply_copy ");
            st.execute("PREPARE held(timestamptz, uuid, integer) AS " + held.replaceAll("\\?(\\d)", "\\$$1"));
            String execute = "EXPLAIN (ANALYZE, BUFFERS) EXECUTE held(now() - interval '2 days',"
                    + " '00000000-0000-0000-0000-000000000000', " + HeldRepliesSweep.PAGE + ")";
            plans = Db.firstAndAfterSixRuns(st, execute);
            st.execute("DEALLOCATE held");
            c.rollback();
        }
        for (String p : plans) {
            assertThat(p).as("a page of held replies\n%s", p).contains("rows=" + HeldRepliesSweep.PAGE + " loops=1")
                    .doesNotContain("Seq Scan").contains("reply_copy_created_at_message_id_idx");
        }
    }
}
