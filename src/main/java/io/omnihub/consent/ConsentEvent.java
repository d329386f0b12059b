package io.omnihub.consent;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.omnihub.routing.Purpose;

/** One grant or withdrawal: append-only, the proof of consent. */
@Entity
@Table(name = "consent_event")
public class ConsentEvent {

    public enum Action {
        GRANTED,
        WITHDRAWN
    }

    @Id
    public UUID id;

    @Column(name = "customer_id")
    public UUID customerId;

    public String channel;

    @Enumerated(EnumType.STRING)
    public Purpose purpose;

    @Enumerated(EnumType.STRING)
    public Action action;

    /** Which version of the consent text the customer saw. */
    @Column(name = "text_version")
    public String textVersion;

    /** The channel the change was made on (an SMS STOP, the chatbot, the API, the console). */
    @Column(name = "captured_channel")
    public String capturedChannel;

    /** Who made the change: {@link #BY_CUSTOMER}, or the operator or adapter who recorded it. */
    public String actor;

    /** The actor of a change the customer made themselves (an SMS START or STOP, writing in on a channel). */
    public static final String BY_CUSTOMER = "customer";

    /**
     * What proves it (the message id of a STOP, the operator's note, a signed form id), as JSON sealed with the
     * customer's data key: it may name the customer.
     */
    @Column(name = "evidence_enc")
    public byte[] evidenceEnc;

    @Column(name = "occurred_at")
    public Instant occurredAt;
}
