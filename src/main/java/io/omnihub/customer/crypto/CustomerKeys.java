package io.omnihub.customer.crypto;

import java.util.Collection;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.platform.Hql;
import io.smallrye.mutiny.Uni;

/** Makes customers' stored data keys usable, inside the caller's session (new ones: {@code PersonalDataCipher}). */
@ApplicationScoped
public class CustomerKeys {

    private final CustomerKeyRepository repository;
    private final PersonalDataCipher cipher;

    public CustomerKeys(CustomerKeyRepository repository, PersonalDataCipher cipher) {
        this.repository = repository;
        this.cipher = cipher;
    }

    /** Loads the keys of these owners that are not loaded yet; destroyed keys stay missing. */
    public Uni<Void> load(Collection<UUID> owners) {
        Set<UUID> missing = cipher.missing(owners);
        if (missing.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Hql q = Hql.of("customerId in ?1", missing);
        return repository.list(q.text(), q.values())
                .invoke(keys -> keys.forEach(k -> cipher.load(k.customerId, k.wrappedKey)))
                .replaceWithVoid();
    }

    /** Opens sealed values after loading every key they need. */
    public Uni<Void> loadFor(Collection<byte[]> sealedValues) {
        return load(sealedValues.stream().filter(v -> v != null && v.length > 0).map(PersonalDataCipher::ownerOf)
                .toList());
    }
}
