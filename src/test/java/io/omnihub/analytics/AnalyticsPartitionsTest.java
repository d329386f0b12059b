package io.omnihub.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.omnihub.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A month's rollups that landed in the default partition before the month had one of its own (a first deployment
 * mid-month, housekeeping down for a while) move into the month's partition when it is made, so the default one never
 * keeps a month for good; two replicas making it at the same moment make it once.
 */
@QuarkusTest
class AnalyticsPartitionsTest {

    /** A month far ahead, which housekeeping does not reach while the tests run. */
    private static final OffsetDateTime MONTH = OffsetDateTime.parse("2091-03-01T00:00Z");
    private static final String PARTITION = "analytics_rollup_2091_03";
    private static final String TEAM = "partitions-test";

    @Inject
    RollupStore store;

    @Inject
    Pool pool;

    @Test
    void rowsOfAMonthInTheDefaultPartitionMoveIntoItsOwnWhenItIsMadeOnce() {
        try {
            pool.preparedQuery("INSERT INTO analytics_rollup (hour, team, channel, operator, metric, dim, n) VALUES"
                    + " ($1, $4, 'sms', '', 'requests', 'people', 3), ($2, $4, 'web', '', 'requests', 'people', 4),"
                    + " ($3, $4, 'web', '', 'requests', 'people', 5)")
                    .execute(Tuple.of(MONTH.plusHours(5), MONTH.plusMonths(1).minusHours(1), MONTH.plusMonths(1), TEAM))
                    .await().indefinitely();
            assertThat(Db.count(pool, "SELECT count(*) FROM ONLY analytics_rollup_default WHERE team = $1", TEAM))
                    .as("precondition: no partition of their own yet").isEqualTo(3);

            // two replicas' housekeeping at the same moment
            Uni.combine().all().unis(store.partition(MONTH), store.partition(MONTH)).asTuple().await().indefinitely();

            assertThat(Db.count(pool, "SELECT coalesce(sum(n), 0)::bigint FROM " + PARTITION + " WHERE team = $1", TEAM))
                    .as("the month's rows, in its partition").isEqualTo(7);
            assertThat(Db.count(pool, "SELECT count(*) FROM ONLY analytics_rollup_default WHERE team = $1", TEAM))
                    .as("the next month's row stays where it was").isEqualTo(1);
            // counted through the table as before, into the month's own partition
            pool.preparedQuery("INSERT INTO analytics_rollup (hour, team, channel, operator, metric, dim, n) VALUES"
                    + " ($1, $2, 'sms', '', 'requests', 'people', 1) ON CONFLICT (hour, team, channel, operator, metric,"
                    + " dim) DO UPDATE SET n = analytics_rollup.n + excluded.n")
                    .execute(Tuple.of(MONTH.plusHours(5), TEAM)).await().indefinitely();
            assertThat(Db.count(pool, "SELECT n FROM " + PARTITION + " WHERE team = $1 AND channel = 'sms'", TEAM))
                    .isEqualTo(4);
            assertThat(Db.count(pool, "SELECT coalesce(sum(n), 0)::bigint FROM analytics_rollup WHERE team = $1", TEAM))
                    .as("nothing lost, nothing twice").isEqualTo(13);
        } finally {
            pool.query("DELETE FROM analytics_rollup WHERE team = '" + TEAM + "'").execute().await().indefinitely();
            pool.query("DROP TABLE IF EXISTS " + PARTITION).execute().await().indefinitely();
        }
    }
}
