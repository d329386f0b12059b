package io.omnihub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.omnihub.customer.ContactPoint;
import io.omnihub.customer.ContactPointRepository;
import io.omnihub.support.PlanCounting;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

/**
 * Hibernate keeps no plan for an HQL query with a list parameter, and translates it at every run; spread over single
 * values by {@link Hql}, the query is planned once. (The intake's lookup of a message's contacts was one of them
 * until it became a plain statement with the profile's lock, {@code KnownProfileLockTest}.)
 */
@QuarkusTest
@TestProfile(PlanCounting.class)
class HqlPlanTest {

    private static final int RUNS = 5;
    /** More identifiers than a message carries, so that no intake of the test run made the same text. */
    private static final int HASHES = 5;

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    ContactPointRepository contacts;

    @BeforeEach
    void firstSessionsPlansMade() throws Throwable {
        run(() -> contacts.owner(hashes(1).get(0)));
    }

    @Test
    void aListParameterIsPlannedAtEveryRunAndSpreadValuesOnce() throws Throwable {
        String text = "from ContactPoint where valueHash in ?1 and kind is not null";
        int before = PlanCounting.plansKept(sessions);
        for (int i = 0; i < RUNS; i++) {
            List<byte[]> hashes = hashes(HASHES);
            run(() -> Panache.getSession().chain(s -> s.createSelectionQuery(text, ContactPoint.class)
                    .setParameter(1, hashes).getResultList()));
        }
        assertThat(PlanCounting.plansKept(sessions) - before).as("plans kept for a list parameter").isZero();

        before = PlanCounting.plansKept(sessions);
        for (int i = 0; i < RUNS; i++) {
            Hql q = Hql.of(text, hashes(HASHES));
            run(() -> Panache.getSession().chain(s -> q.on(s, ContactPoint.class)
                    .getResultList()));
        }
        assertThat(PlanCounting.plansKept(sessions) - before).as("plans kept for its values spread").isEqualTo(1);

        // nor for a lone parameter in parentheses, which Hibernate would take a list for
        String one = "from ContactPoint where valueHash in ?1 and id is not null";
        before = PlanCounting.plansKept(sessions);
        for (int i = 0; i < RUNS; i++) {
            Hql q = Hql.of(one, hashes(1));
            run(() -> Panache.getSession().chain(s -> q.on(s, ContactPoint.class)
                    .getResultList()));
        }
        assertThat(PlanCounting.plansKept(sessions) - before).as("plans kept for one value spread").isEqualTo(1);
    }

    private static List<byte[]> hashes(int count) {
        List<byte[]> hashes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            hashes.add(Ids.next().toString().getBytes(StandardCharsets.UTF_8));
        }
        return hashes;
    }

    private static <T> T run(Supplier<Uni<T>> work) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(work::get));
    }
}
