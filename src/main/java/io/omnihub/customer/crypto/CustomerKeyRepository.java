package io.omnihub.customer.crypto;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

@ApplicationScoped
class CustomerKeyRepository implements PanacheRepositoryBase<CustomerKey, UUID> {
}
