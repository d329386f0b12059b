package io.omnihub.consent;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.smallrye.mutiny.Uni;

/**
 * What consent needs of a customer's profile: its status, the policy version that every consent or preference
 * change moves on (the policy cache's key), and its data key, which seals consent evidence. The customer feature owns profiles
 * and implements this, since it
 * depends on consent and consent may not depend on it. Every method runs on the caller's session and transaction.
 */
public interface Profiles {

    /**
     * Locks the profile's row for the caller's transaction ({@code FOR NO KEY UPDATE}) and answers its status
     * (ACTIVE, MERGED or ERASED), or null for no such profile.
     */
    Uni<String> lockedStatus(UUID customerId);

    /**
     * The text of a select of the id and policy version of each of the profiles ?1. A statement of consent's reads it
     * as a table, to read the policies along with their versions; the check before a send reads it with its routing
     * facts.
     */
    String policyVersionsSelect();

    /** A consent or a preference of the profile changed: its policy version moves on. */
    Uni<Void> policyChanged(UUID customerId, Instant at);

    /** The text sealed with the profile's data key (loaded first when it is not), for this field. */
    Uni<byte[]> seal(UUID customerId, String field, String text);

    /** The texts of these sealed values of this field, in order; null where the key is destroyed or nothing sealed. */
    Uni<List<String>> open(String field, List<byte[]> sealed);
}
