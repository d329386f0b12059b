package io.omnihub.customer;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

@ApplicationScoped
public class CustomerKeyRepository implements PanacheRepositoryBase<CustomerKey, UUID> {
}
