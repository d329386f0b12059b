package io.omnihub.consent;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

import io.smallrye.mutiny.Uni;

/**
 * What consent needs of a customer's profile: its status, and the policy version that every consent or preference
 * change moves on (the policy cache's key). The customer feature owns profiles and implements this, since it
 * depends on consent and consent may not depend on it. Every method runs on the caller's session and transaction.
 */
public interface Profiles {

    /**
     * Locks the profile's row for the caller's transaction ({@code FOR NO KEY UPDATE}) and answers its status
     * (ACTIVE, MERGED or ERASED), or null for no such profile.
     */
    Uni<String> lockedStatus(UUID customerId);

    /** The policy versions of these profiles; those that do not exist are absent. */
    Uni<Map<UUID, Long>> policyVersions(Collection<UUID> customerIds);

    /** A consent or a preference of the profile changed: its policy version moves on. */
    Uni<Void> policyChanged(UUID customerId, Instant at);
}
