package io.omnihub.request;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;

import io.omnihub.support.PlanCounting;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;

/**
 * The scheduled jobs that run every few seconds (surveys due, a team's assignment lock) leave no plan behind in
 * Hibernate's cache. A native query left a new one at every run, under a key equal to no other: thousands an hour,
 * each compared with the next run's key.
 */
@QuarkusTest
@TestProfile(PlanCounting.class)
class JobPlansTest {

    private static final int RUNS = 5;

    @Inject
    Csat csat;

    @Inject
    RequestRepository requests;

    @Inject
    Mutiny.SessionFactory sessions;

    @Test
    void theFrequentJobsStatementsLeaveNoPlanBehind() throws Throwable {
        int before = PlanCounting.plansKept(sessions);
        for (int i = 0; i < RUNS; i++) {
            VertxContextSupport.subscribeAndAwait(() -> csat.due(10));
            assertThat(VertxContextSupport.subscribeAndAwait(
                    () -> Panache.withTransaction(() -> requests.tryLockTeam("support")))).as("the lock").isTrue();
        }
        assertThat(PlanCounting.plansKept(sessions) - before).as("plans left behind").isZero();
    }
}
