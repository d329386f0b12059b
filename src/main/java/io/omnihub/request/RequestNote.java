package io.omnihub.request;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An internal note on a request: for operators only, never sent to the customer. */
@Entity
@Table(name = "request_note")
public class RequestNote {

    @Id
    public UUID id;

    @Column(name = "request_id")
    public UUID requestId;

    public String author;

    /** Sealed with the customer's key: a note may name them. */
    @Column(name = "body_enc")
    public byte[] bodyEnc;

    @Column(name = "created_at")
    public Instant createdAt;

    /** A note as operators see it. */
    public record View(UUID id, UUID requestId, String author, String text, Instant createdAt) {
    }
}
