package io.omnihub.customer.crypto;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A customer's data key, wrapped by the master key. Deleting the row shreds every value sealed with it. */
@Entity
@Table(name = "customer_key")
class CustomerKey {

    @Id
    @Column(name = "customer_id")
    public UUID customerId;

    @Column(name = "wrapped_key")
    public byte[] wrappedKey;

    @Column(name = "created_at")
    public Instant createdAt;

    /** JPA's: an entity needs a public or protected constructor without arguments, whatever the class's access. */
    protected CustomerKey() {
    }
}
