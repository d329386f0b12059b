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

    @Test
    void aClaimAfterABurstReadsItsBatchNotThePublishedHistory() throws Exception {
        String plan;
        String afterSix;
        try (Connection c = Db.jdbc(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("CREATE TEMP TABLE outbox_copy (LIKE outbox INCLUDING ALL) ON COMMIT DROP");
            // ids in time order, as Ids makes them: the published history first, then the backlog
            st.execute("INSERT INTO outbox_copy (id, aggregate_type, aggregate_id, topic, message_key, type, payload,"
                    + " created_at, available_at, published_at) SELECT (lpad(to_hex(i), 8, '0')"
                    + " || '-0000-7000-8000-000000000000')::uuid, 'request', gen_random_uuid(), 'omnihub.events',"
                    + " 'k' || (i % 7919), 'RequestCreated', '{}', now() - interval '1 hour',"
                    + " now() - interval '1 hour', CASE WHEN i <= " + PUBLISHED + " THEN now() - interval '1 hour' END"
                    + " FROM generate_series(1, " + (PUBLISHED + PENDING) + ") i");
            st.execute("ANALYZE outbox_copy");
            String claim = OutboxEntries.claimSql(false).replace(" outbox ", " outbox_copy ");
            st.execute("PREPARE claim(timestamptz, bigint) AS " + claim.replaceAll("\\?(\\d)", "\\$$1"));
            String execute = "EXPLAIN (ANALYZE, BUFFERS) EXECUTE claim(now(), " + OutboxRelay.BATCH + ")";
            plan = Db.plan(st, execute);
            for (int run = 0; run < 6; run++) {
                st.execute(execute.substring(execute.indexOf("EXECUTE")));
            }
            afterSix = Db.plan(st, execute);
            st.execute("DEALLOCATE claim");
            c.rollback();
        }
        for (String p : new String[] { plan, afterSix }) {
            assertThat(p).as("a batch claimed").contains("rows=" + OutboxRelay.BATCH + " loops=1");
            String scan = p.substring(p.indexOf(" on outbox_copy p "));
            scan = scan.substring(0, scan.indexOf("->"));
            Matcher removed = REMOVED.matcher(scan);
            assertThat(removed.find() ? Long.parseLong(removed.group(1)) : 0)
                    .as("entries the claim's scan read and left, with %,d published\n%s", PUBLISHED, p)
                    .isLessThan(OutboxRelay.BATCH);
        }
    }
}
