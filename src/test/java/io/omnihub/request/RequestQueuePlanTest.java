package io.omnihub.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import io.omnihub.support.Db;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The console's queue reads the few waiting requests among a long resolved history through the index by status,
 * which V28 left it once its own index (status, last inbound time, id) went: {@link RequestQueue#WAITING} itself, run
 * on a copy of the table with every index the schema has, in the plan for its parameters and still after six runs,
 * when a prepared statement may have switched to a generic plan.
 */
@QuarkusTest
class RequestQueuePlanTest {

    @Test
    void theQueueProbesTheWaitingStatusesAmongAResolvedHistory() throws Exception {
        String plan;
        String afterSix;
        try (Connection c = Db.jdbc(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("CREATE TEMP TABLE request_copy (LIKE request INCLUDING ALL) ON COMMIT DROP");
            st.execute("INSERT INTO request_copy (id, customer_id, origin_channel, origin_thread_hash,"
                    + " origin_thread_enc, status, created_at, updated_at, last_inbound_at, team)"
                    + " SELECT gen_random_uuid(), gen_random_uuid(), 'sms', sha256(i::text::bytea), '\\x01',"
                    + " CASE WHEN i % 1000 = 0 THEN 'OPEN' ELSE 'RESOLVED' END, now(), now(),"
                    + " now() - make_interval(secs => i), 'support' FROM generate_series(1, 20000) i");
            st.execute("ANALYZE request_copy");
            st.execute("PREPARE waiting(text[], text, timestamptz, text[], int, text, text) AS "
                    + RequestQueue.WAITING.replace("FROM request r", "FROM request_copy r"));
            String execute = "EXPLAIN EXECUTE waiting('{NEW,OPEN,WAITING_CUSTOMER}', NULL, now(), NULL, 50, NULL,"
                    + " NULL)";
            // after five runs a prepared statement may take a generic plan, made without its parameters: here a
            // sequential scan (with plan_cache_mode = force_generic_plan), which PostgreSQL takes only while it costs
            // no more than the custom plans did, so the sixth run and later keep probing the index
            String[] plans = Db.firstAndAfterSixRuns(st, execute);
            plan = plans[0];
            afterSix = plans[1];
            st.execute("DEALLOCATE waiting");
            c.rollback();
        }
        assertThat(plan).doesNotContain("Seq Scan on request_copy").contains("request_copy_status");
        assertThat(afterSix).as("the plan after six runs").doesNotContain("Seq Scan on request_copy")
                .contains("request_copy_status");
    }
}
