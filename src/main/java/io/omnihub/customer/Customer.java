package io.omnihub.customer;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hibernate.annotations.DynamicUpdate;

/** A customer profile. Merged profiles stay, pointing at the golden record, so that a merge can be undone. */
@Entity
@DynamicUpdate
@Table(name = "customer")
public class Customer {

    public enum Status {
        ACTIVE,
        MERGED,
        ERASED
    }

    @Id
    public UUID id;

    /**
     * Optimistic lock: a writer that loaded this row before another committed a change to it fails and runs its
     * transaction again, so no update is lost. Native updates of the row move it too. Only changed columns are
     * written ({@code @DynamicUpdate}).
     */
    @Version
    public long version;

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

    /**
     * Moves on with every consent or preference change (consent's policy cache is keyed by it); written only by
     * {@code ConsentProfiles.policyChanged}; the entity never changes it, so it never writes it back.
     */
    @Column(name = "policy_version", insertable = false)
    public long policyVersion;
}
