package io.omnihub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.omnihub.support.Db;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A reply's read of its routing facts with the customer's policy (when the cache does not hold it) is planned a few
 * times per connection, not at every run: with the customer's array in the planner's sight, one customer's plan cost
 * a tenth of the generic plan, so PostgreSQL planned it again every time (0.57 ms of planning for 0.14 ms of
 * running). Counted by PostgreSQL on a prepared statement of the very text, run as a reply runs it, ten times.
 */
@QuarkusTest
class RoutingReadPlanTest {

    @Inject
    RoutingInputs inputs;

    @Test
    void aReplysReadWithThePolicySettlesOnOnePlan() throws Exception {
        String read = inputs.withPolicies().replace("?1", "$1");
        long generic;
        long custom;
        try (Connection c = Db.jdbc(); Statement st = c.createStatement()) {
            st.execute("PREPARE routing(uuid[]) AS " + read);
            for (int i = 0; i < 10; i++) {
                st.executeQuery("EXECUTE routing('{" + UUID.randomUUID() + "}')").close();
            }
            try (ResultSet plans = st.executeQuery("SELECT generic_plans, custom_plans FROM pg_prepared_statements"
                    + " WHERE name = 'routing'")) {
                plans.next();
                generic = plans.getLong(1);
                custom = plans.getLong(2);
            }
            st.execute("DEALLOCATE routing");
        }
        assertThat(custom).as("runs planned for their own values").isLessThanOrEqualTo(5);
        assertThat(generic).as("runs on the generic plan").isGreaterThanOrEqualTo(5);
    }
}
