package io.omnihub.intake;

import java.io.Serializable;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.omnihub.platform.ProblemException;

/** The durable idempotency record: one row per (channel, external id) intake accepted, with its result. */
@Entity
@Table(name = "inbound_receipt")
@IdClass(InboundReceipt.Key.class)
class InboundReceipt {

    @Id
    public String channel;

    @Id
    @Column(name = "external_id")
    public String externalId;

    @Column(name = "content_hash")
    public byte[] contentHash;

    @Column(name = "customer_id")
    public UUID customerId;

    @Column(name = "request_id")
    public UUID requestId;

    @Column(name = "message_id")
    public UUID messageId;

    @Column(name = "new_request")
    public Boolean newRequest;

    @Column(name = "created_at")
    public Instant createdAt;

    boolean complete() {
        return requestId != null;
    }

    IntakeResult result() {
        return new IntakeResult(requestId, customerId, messageId, Boolean.TRUE.equals(newRequest), false, null);
    }

    /** The answer to a delivery of this receipt's id with this content: its duplicate, or 409 for other content. */
    IntakeResult duplicateOf(byte[] otherContentHash) {
        if (!Arrays.equals(contentHash, otherContentHash)) {
            throw ProblemException.conflict("external-id-reused",
                    "This external id was already used for a message with different content");
        }
        return result().asDuplicate();
    }

    public record Key(String channel, String externalId) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
