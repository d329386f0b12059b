package io.omnihub.customer.crypto;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Master key rotation, step 2 of 3 (README, "Key rotation"): re-wraps every customer's data key with the master
 * keyset's current primary key, a transaction per batch, so that the old master key can then be removed.
 */
@ApplicationScoped
class KeyRotation {

    private static final int BATCH = 500;

    private final PersonalDataCipher cipher;
    private final CustomerKeyRepository keys;

    KeyRotation(PersonalDataCipher cipher, CustomerKeyRepository keys) {
        this.cipher = cipher;
        this.keys = keys;
    }

    /** Re-wraps every data key; answers how many. */
    Uni<Long> rewrapAll() {
        return batch(new UUID(0, 0), 0L);
    }

    private Uni<Long> batch(UUID after, long done) {
        return Panache.withTransaction(() -> keys.after(after, BATCH)
                .invoke(found -> found.forEach(k -> k.wrappedKey = cipher.rewrap(k.customerId, k.wrappedKey))))
                .chain(found -> found.size() < BATCH ? Uni.createFrom().item(done + found.size())
                        : batch(found.get(found.size() - 1).customerId, done + found.size()));
    }
}
