package io.omnihub.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.omnihub.support.Db;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A suggestion of a suspected duplicate first checks that its pair is neither open nor dismissed: one index probe,
 * whatever the table's size (the benchmark's plans found it reading the whole table at a million customers). Sequential
 * scans are priced out here, so the plan shows whether an index can answer at all.
 */
@QuarkusTest
class SuspectedDuplicatePlanTest {

    @Test
    void theKnownPairCheckIsAnIndexProbe() throws Exception {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        String plan;
        try (Connection c = Db.jdbc(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("SET LOCAL enable_seqscan = off");
            // the statement's check as SuspectedDuplicateRepository.suggest writes it
            plan = Db.plan(st, "EXPLAIN SELECT 1 FROM suspected_duplicate d WHERE least(d.customer_a, d.customer_b)"
                    + " = least('" + a + "'::uuid, '" + b + "'::uuid) AND greatest(d.customer_a, d.customer_b)"
                    + " = greatest('" + a + "'::uuid, '" + b + "'::uuid) AND d.status IN ('OPEN', 'DISMISSED')");
            c.rollback();
        }
        assertThat(plan).doesNotContain("Seq Scan").contains("suspected_duplicate_known_pair");
    }
}
