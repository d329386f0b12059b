package io.omnihub.consent;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.omnihub.routing.Purpose;

/** The current consent for one channel and purpose: the latest {@link ConsentEvent}. */
@Entity
@Table(name = "consent")
@IdClass(Consent.Key.class)
public class Consent {

    @Id
    @Column(name = "customer_id")
    public UUID customerId;

    @Id
    public String channel;

    @Id
    @Enumerated(EnumType.STRING)
    public Purpose purpose;

    public boolean granted;

    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public record Key(UUID customerId, String channel, Purpose purpose) implements Serializable {
        public Key() {
            this(null, null, null);
        }
    }
}
