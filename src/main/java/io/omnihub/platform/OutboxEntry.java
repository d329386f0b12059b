package io.omnihub.platform;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.ColumnTransformer;

/**
 * One event or outbound message waiting to be published to Kafka. Written in the same transaction as the change it
 * announces; the relay in {@code io.omnihub.delivery} publishes it.
 */
@Entity
@Table(name = "outbox")
public class OutboxEntry {

    @Id
    public UUID id;

    @Column(name = "aggregate_type")
    public String aggregateType;

    @Column(name = "aggregate_id")
    public UUID aggregateId;

    public String topic;

    /** The Kafka record key: keeps order per conversation (request id) or per customer. */
    @Column(name = "message_key")
    public String messageKey;

    /** The CloudEvents type. */
    public String type;

    @Column(columnDefinition = "jsonb")
    @ColumnTransformer(read = "payload::text", write = "?::text::jsonb")
    public String payload;

    @Column(name = "created_at")
    public Instant createdAt;

    /** Not published before this time (deferred sends). */
    @Column(name = "available_at")
    public Instant availableAt;

    @Column(name = "published_at")
    public Instant publishedAt;

    public int attempts;

    /** Set when the entry failed for its own reason too often: it waits for an admin, never published. */
    @Column(name = "dead_at")
    public Instant deadAt;

    /** The kind of the last failure of the entry itself (no message text: it could hold data). */
    @Column(name = "last_error")
    public String lastError;
}
