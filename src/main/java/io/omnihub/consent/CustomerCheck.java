package io.omnihub.consent;

import java.util.UUID;

import io.omnihub.platform.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** Consent and preferences belong to an active profile: 404 for none, 409 for a merged or erased one. */
final class CustomerCheck {

    private CustomerCheck() {
    }

    static Uni<Void> active(UUID customerId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "SELECT status FROM customer WHERE id = ?1 FOR NO KEY UPDATE", String.class).setParameter(1, customerId)
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
