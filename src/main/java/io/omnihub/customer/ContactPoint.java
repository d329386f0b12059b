package io.omnihub.customer;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.omnihub.channel.ContactKind;

/** One way to recognise or reach a customer: found by the keyed hash of its value, which is stored sealed. */
@Entity
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

    public boolean verified;

    @Column(name = "source_channel")
    public String sourceChannel;

    @Column(name = "created_at")
    public Instant createdAt;
}
