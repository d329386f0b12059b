package io.omnihub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.omnihub.support.Db;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The relay's write of a batch's sent replies probes the primary key for each, even on a table of a few thousand
 * replies, where a statement joining a JSON set (which the planner takes for a hundred rows) scanned the whole table
 * for every batch. The statement is {@link ReplyRepository#WRITE_SENT} itself, run on a copy of the table.
 */
@QuarkusTest
class SentRepliesPlanTest {

    @Test
    void writingABatchOfSentRepliesProbesThePrimaryKey() throws Exception {
        String ids = Stream.generate(UUID::randomUUID).limit(3).map(UUID::toString)
                .collect(Collectors.joining(",", "'{", "}'"));
        String write = ReplyRepository.WRITE_SENT.replace("UPDATE reply p", "UPDATE reply_copy p");
        for (int i = 1; i <= 5; i++) {
            write = write.replace("?" + i, "$" + i);
        }
        String plan;
        try (Connection c = Db.jdbc(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("CREATE TEMP TABLE reply_copy (LIKE reply INCLUDING ALL) ON COMMIT DROP");
            st.execute("INSERT INTO reply_copy (message_id, request_id, status, purpose, routing_decision, created_at)"
                    + " SELECT gen_random_uuid(), gen_random_uuid(), 'DELIVERED', 'SERVICE', '{}', now()"
                    + " FROM generate_series(1, 5000)");
            st.execute("ANALYZE reply_copy");
            st.execute("PREPARE write_sent(uuid[], text[], integer[], timestamptz[], uuid[]) AS " + write);
            plan = Db.plan(st, "EXPLAIN EXECUTE write_sent(" + ids + ", '{DISPATCHED,DISPATCHED,DISPATCHED}',"
                    + " '{1,1,1}', '{2026-12-03T06:00:00Z,2026-12-03T06:00:00Z,2026-12-03T06:00:00Z}',"
                    + " '{NULL,NULL,NULL}')");
            st.execute("DEALLOCATE write_sent");
            c.rollback();
        }
        assertThat(plan).doesNotContain("Seq Scan").contains("reply_copy_pkey");
    }
}
