package io.omnihub.security;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.omnihub.platform.ErasureContribution;
import io.smallrye.mutiny.Uni;

/** The security feature holds no customer's data. */
@ApplicationScoped
class SecurityErasure implements ErasureContribution {

    @Override
    public Map<String, Table> tables() {
        return Map.of("adapter_credential", Table.none("adapters' hashed keys and scopes"));
    }

    @Override
    public Uni<Erased> erase(Mutiny.Session s, Subject subject) {
        return Uni.createFrom().item(Erased.NOTHING);
    }
}
