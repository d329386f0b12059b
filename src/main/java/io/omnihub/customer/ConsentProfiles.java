package io.omnihub.customer;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.omnihub.consent.Profiles;
import io.omnihub.customer.crypto.CustomerKeys;
import io.omnihub.customer.crypto.PersonalDataCipher;
import io.omnihub.platform.SessionSql;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * Profiles as consent sees them, on the caller's session. HQL, or on a hot path a plain statement on the session's
 * connection ({@link SessionSql}), never Hibernate's native query: Hibernate never finds a native query's cached plan
 * again (its result mapping is not equal to the stored one), so on a hot path each run would add an entry and slow
 * every lookup.
 */
@ApplicationScoped
@WithSession
class ConsentProfiles implements Profiles {

    private static final String POLICY_VERSIONS = "SELECT id, policy_version FROM customer WHERE id = ANY(?1)";

    private final CustomerKeys keys;
    private final PersonalDataCipher cipher;

    ConsentProfiles(CustomerKeys keys, PersonalDataCipher cipher) {
        this.keys = keys;
        this.cipher = cipher;
    }

    @Override
    public Uni<byte[]> seal(UUID customerId, String field, String text) {
        return keys.load(List.of(customerId)).map(loaded -> cipher.seal(customerId, field, text));
    }

    @Override
    public Uni<List<String>> open(String field, List<byte[]> sealed) {
        return keys.loadFor(sealed).map(loaded -> sealed.stream()
                .map(v -> v == null || v.length == 0 || !cipher.isLoaded(PersonalDataCipher.ownerOf(v)) ? null
                        : cipher.open(field, v))
                .toList());
    }

    @Override
    public Uni<String> lockedStatus(UUID customerId) {
        return Panache.getSession().chain(s -> s.createSelectionQuery(
                "select str(status) from Customer where id = ?1", String.class).setParameter(1, customerId)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE) // FOR NO KEY UPDATE on PostgreSQL
                .getSingleResultOrNull());
    }

    @Override
    public String policyVersionsSelect() {
        return POLICY_VERSIONS;
    }

    @Override
    public Uni<Void> policyChanged(UUID customerId, Instant at) {
        return Panache.getSession().chain(s -> s.createMutationQuery(
                "update Customer set policyVersion = policyVersion + 1, updatedAt = ?2 where id = ?1")
                .setParameter(1, customerId).setParameter(2, at).executeUpdate())
                .replaceWithVoid();
    }
}
