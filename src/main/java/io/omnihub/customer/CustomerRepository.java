package io.omnihub.customer;

import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class CustomerRepository implements PanacheRepositoryBase<Customer, UUID> {

    /** The customer first, then every profile merged into it, directly or through others; on the caller's session. */
    public Uni<List<UUID>> withMergedProfiles(Mutiny.Session s, UUID customerId) {
        return s.createNativeQuery("WITH RECURSIVE merged(id) AS (SELECT id FROM customer WHERE merged_into = ?1"
                + " UNION SELECT c.id FROM customer c JOIN merged ON c.merged_into = merged.id) SELECT id FROM merged",
                UUID.class).setParameter(1, customerId).getResultList()
                .map(merged -> Stream.concat(Stream.of(customerId), merged.stream()).toList());
    }

    /** The customer's status, or null for no such customer. Needs a session. */
    public Uni<Customer.Status> status(UUID customerId) {
        return findById(customerId).map(c -> c == null ? null : c.status);
    }

    /**
     * Locks the customer's row for the caller's transaction, before anything else about the customer changes, and
     * answers its status (null: no such customer).
     */
    public Uni<String> lockedStatus(Mutiny.Session s, UUID customerId) {
        return s.createNativeQuery("SELECT status FROM customer WHERE id = ?1 FOR UPDATE", String.class)
                .setParameter(1, customerId).getSingleResultOrNull();
    }
}
