package io.omnihub.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;

/**
 * Figures are read with a plan for their own window at every run, never with the generic plan a prepared statement
 * settles on after five runs (which walked the primary key over a 90-day window at 1.4 to 2.8 times the cost). Counted
 * by PostgreSQL on the one connection the store is given, with the statement cache on as in the application.
 */
@QuarkusTest
class FiguresPlanTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Vertx vertx;

    @Inject
    Clock clock;

    @Test
    void everyWindowIsPlannedForItsOwnBounds() {
        Config config = ConfigProvider.getConfig();
        PgConnectOptions connect = PgConnectOptions.fromUri(config.getValue("quarkus.datasource.reactive.url",
                String.class)).setUser(config.getValue("quarkus.datasource.username", String.class))
                .setPassword(config.getValue("quarkus.datasource.password", String.class))
                .setCachePreparedStatements(true);
        Pool one = Pool.newInstance(PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(connect)
                .using(vertx.getDelegate()).build());
        try {
            RollupStore store = new RollupStore(one, clock);
            Instant to = clock.instant().truncatedTo(ChronoUnit.DAYS);
            for (int days = 1; days <= 10; days++) {
                store.sums(to.minus(Duration.ofDays(days * 9L)), to, "day", List.of(), null, null, null, null)
                        .await().atMost(WAIT);
            }
            Row plans = one.query("SELECT coalesce(sum(generic_plans), 0), coalesce(sum(custom_plans), 0)"
                    + " FROM pg_prepared_statements WHERE statement LIKE '%FROM analytics_rollup_team_day%'")
                    .execute().await().atMost(WAIT).iterator().next();
            assertThat(plans.getLong(0)).as("runs on the generic plan").isZero();
            assertThat(plans.getLong(1)).as("runs planned for their window").isEqualTo(10);
        } finally {
            one.closeAndAwait();
        }
    }
}
