package io.omnihub.customer;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A customer profile. Merged profiles stay, pointing at the golden record, so that a merge can be undone. */
@Entity
@Table(name = "customer")
public class Customer {

    public enum Status {
        ACTIVE,
        MERGED,
        ERASED
    }

    @Id
    public UUID id;

    @Enumerated(EnumType.STRING)
    public Status status;

    @Column(name = "merged_into")
    public UUID mergedInto;

    @Column(name = "name_enc")
    public byte[] nameEnc;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "erased_at")
    public Instant erasedAt;
}
