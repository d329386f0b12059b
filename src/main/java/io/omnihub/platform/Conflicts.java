package io.omnihub.platform;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

import jakarta.persistence.OptimisticLockException;

import org.hibernate.StaleStateException;

import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;

/**
 * Two writers meet on a row (a reply, an intake and a merge on one request, say): the one that commits second finds
 * the row's version moved, or PostgreSQL picks a deadlock victim, and its transaction fails. Nothing is lost: the
 * whole transaction runs again on what the first one committed. Never a 500, never a silently lost update.
 */
public final class Conflicts {

    private static final int ATTEMPTS = 6;

    private Conflicts() {
    }

    /** Runs {@code transaction}, and runs it anew when it lost a race, a few times with a short random backoff. */
    public static <T> Uni<T> retried(Supplier<Uni<? extends T>> transaction) {
        return retried(transaction, Conflicts::lostRace);
    }

    /** As {@link #retried(Supplier)}, also running again on the failures {@code alsoRetry} names. */
    public static <T> Uni<T> retried(Supplier<Uni<? extends T>> transaction, Predicate<Throwable> alsoRetry) {
        return Uni.createFrom().deferred(transaction)
                .onFailure(e -> lostRace(e) || alsoRetry.test(e)).retry()
                .withBackOff(Duration.ofMillis(5), Duration.ofMillis(100)).withJitter(0.5).atMost(ATTEMPTS);
    }

    /** An optimistic version conflict, a deadlock victim or a serialization failure. */
    public static boolean lostRace(Throwable failure) {
        return Causes.any(failure, t -> t instanceof StaleStateException || t instanceof OptimisticLockException
                || t instanceof PgException pg
                        && ("40001".equals(pg.getSqlState()) || "40P01".equals(pg.getSqlState())));
    }

    /**
     * A unique constraint's violation (two first messages of one new customer creating the same contact point, say):
     * from the reactive driver, or Hibernate's translation of it at flush.
     */
    public static boolean uniqueViolation(Throwable failure) {
        return Causes.any(failure, t -> t instanceof PgException pg && "23505".equals(pg.getSqlState())
                || t instanceof org.hibernate.exception.ConstraintViolationException hibernate
                        && "23505".equals(hibernate.getSQLState()));
    }
}
