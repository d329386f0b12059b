package io.omnihub.consent;

import java.util.UUID;

import jakarta.persistence.LockModeType;

import io.omnihub.platform.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** Consent and preferences belong to an active profile: 404 for none, 409 for a merged or erased one. */
final class CustomerCheck {

    private CustomerCheck() {
    }

    static Uni<Void> active(UUID customerId) {
        // HQL rather than native SQL on hot paths: Hibernate never finds a native query's cached plan again (its
        // result mapping is not equal to the stored one), so each run adds an entry and slows every lookup
        return Panache.getSession().chain(s -> s.createSelectionQuery(
                "select str(status) from Customer where id = ?1", String.class).setParameter(1, customerId)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE) // FOR NO KEY UPDATE on PostgreSQL
                .getSingleResultOrNull())
                .chain(status -> {
                    if (status == null) {
                        return Uni.createFrom().failure(ProblemException.notFound("Customer"));
                    }
                    if (!status.equals("ACTIVE")) {
                        return Uni.createFrom().failure(ProblemException.conflict("customer-not-active",
                                "This profile is " + status.toLowerCase() + "; use the golden record"));
                    }
                    return Uni.createFrom().voidItem();
                });
    }
}
