package io.omnihub.customer;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.DynamicUpdate;

import io.omnihub.channel.ContactKind;

/** One way to recognise or reach a customer: found by the keyed hash of its value, which is stored sealed. */
@Entity
@DynamicUpdate
@Table(name = "contact_point")
public class ContactPoint {

    @Id
    public UUID id;

    @Column(name = "customer_id")
    public UUID customerId;

    @Enumerated(EnumType.STRING)
    public ContactKind kind;

    @Column(name = "value_hash")
    public byte[] valueHash;

    @Column(name = "value_enc")
    public byte[] valueEnc;

    /** How far the contact is trusted: only a vouched or verified one links, merges or implies consent. */
    @Enumerated(EnumType.STRING)
    public Trust trust = Trust.CLAIMED;

    /** What stands behind a vouched or verified contact; null while claimed. */
    @Enumerated(EnumType.STRING)
    public Proof proof;

    /** Who in particular (the staff member who checked it in person), or null. */
    @Column(name = "proof_ref")
    public String proofRef;

    @Column(name = "trusted_at")
    public Instant trustedAt;

    /** ACTIVE, RETIRED (by an operator, on the customer's word) or UNREACHABLE (a hard bounce). */
    @Enumerated(EnumType.STRING)
    public State state = State.ACTIVE;

    @Column(name = "state_reason")
    public String stateReason;

    @Column(name = "state_changed_at")
    public Instant stateChangedAt;

    /** Whether replies may be addressed to it. */
    public enum State {
        ACTIVE,
        RETIRED,
        UNREACHABLE
    }

    /** Takes the trust of a stronger identifier for the same value. */
    void trust(Identity identity, Instant now) {
        if (identity.trusted() && !trust.trusted()) {
            trust = identity.trust();
            proof = identity.proof();
            proofRef = identity.proofRef();
            trustedAt = now;
        }
    }

    @Column(name = "source_channel")
    public String sourceChannel;

    @Column(name = "created_at")
    public Instant createdAt;
}
