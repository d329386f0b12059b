package io.omnihub.customer.crypto;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
class CustomerKeyRepository implements PanacheRepositoryBase<CustomerKey, UUID> {

    /** Up to {@code limit} keys of customers after {@code customerId}, in order. On the caller's session. */
    Uni<List<CustomerKey>> after(UUID customerId, int limit) {
        return find("customerId > ?1 order by customerId", customerId).range(0, limit - 1).list();
    }
}
