package io.omnihub.customer;

import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.omnihub.security.Roles;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Master key rotation, step 2 of 3 (README, "Key rotation"): re-wraps every customer's data key with the master
 * keyset's current primary key, in batches, so that the old master key can then be removed.
 */
@Path("/api/v1/admin/keys/rewrap")
@Tag(name = "Administration")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class KeyRotationResource {

    private static final int BATCH = 500;

    private final PersonalDataCipher cipher;

    public KeyRotationResource(PersonalDataCipher cipher) {
        this.cipher = cipher;
    }

    @POST
    @Operation(summary = "Re-wrap every data key with the current primary master key")
    public Uni<Map<String, Long>> rewrap() {
        return batch(new java.util.UUID(0, 0), 0L).map(n -> Map.of("rewrapped", n));
    }

    private Uni<Long> batch(java.util.UUID after, long done) {
        return Panache.withTransaction(() -> Panache.getSession().chain(s -> s.createSelectionQuery(
                "from CustomerKey where customerId > ?1 order by customerId", CustomerKey.class)
                .setParameter(1, after).setMaxResults(BATCH).getResultList()
                .invoke(keys -> keys.forEach(k -> k.wrappedKey = cipher.rewrap(k.customerId, k.wrappedKey)))))
                .chain(keys -> keys.size() < BATCH ? Uni.createFrom().item(done + keys.size())
                        : batch(keys.get(keys.size() - 1).customerId, done + keys.size()));
    }
}
