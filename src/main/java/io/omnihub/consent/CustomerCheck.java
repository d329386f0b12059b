package io.omnihub.consent;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.platform.ProblemException;
import io.smallrye.mutiny.Uni;

/**
 * Consent and preferences belong to an active profile: 404 for none, 409 for a merged or erased one. The profile is
 * locked for the caller's transaction.
 */
@ApplicationScoped
class CustomerCheck {

    private final Profiles profiles;

    CustomerCheck(Profiles profiles) {
        this.profiles = profiles;
    }

    Uni<Void> active(UUID customerId) {
        return profiles.lockedStatus(customerId).chain(status -> {
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
