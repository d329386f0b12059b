package io.omnihub.analytics;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Keeps the analytics tables in shape, safe on several replicas: a partition per month of rollups, created ahead of
 * its month (or, when its rows came first, with the rows the default partition took meanwhile), and seen ids
 * forgotten after {@code omnihub.analytics.seen-retention}.
 */
@ApplicationScoped
class AnalyticsHousekeeping {

    private static final Logger LOG = Logger.getLogger(AnalyticsHousekeeping.class);
    /** Months with a partition: this one and the next two. */
    private static final int MONTHS_AHEAD = 2;

    private final RollupStore store;
    private final AnalyticsConfig config;
    private final Clock clock;

    AnalyticsHousekeeping(RollupStore store, AnalyticsConfig config, Clock clock) {
        this.store = store;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "1h", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> run() {
        OffsetDateTime month = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).withDayOfMonth(1)
                .toLocalDate().atStartOfDay().atOffset(ZoneOffset.UTC);
        return Multi.createFrom().range(0, MONTHS_AHEAD + 1)
                .onItem().transformToUniAndConcatenate(i -> store.partition(month.plusMonths(i))
                        // tried again within the hour; meanwhile its rows stay in the default partition, read as well
                        .onFailure().invoke(e -> LOG.warnf("Partition of %s not created (its rows stay in the"
                                + " default partition until it is): %s", month.plusMonths(i), e.getMessage()))
                        .onFailure().recoverWithNull())
                .collect().last()
                .chain(() -> store.forgetSeenBefore(clock.instant().minus(config.seenRetention())))
                .invoke(n -> LOG.debugf("Analytics forgot %d seen event ids", n))
                .onFailure().invoke(e -> LOG.warnf("Analytics housekeeping failed: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
