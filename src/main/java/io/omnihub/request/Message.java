package io.omnihub.request;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hibernate.annotations.ColumnTransformer;
import org.hibernate.annotations.DynamicUpdate;

/** One message of a request, inbound or outbound, labelled with its channel. */
@Entity
@DynamicUpdate
@Table(name = "message")
public class Message {

    public enum Direction {
        INBOUND,
        OUTBOUND
    }

    public enum Author {
        CUSTOMER,
        BOT,
        STAFF,
        OPERATOR,
        SYSTEM
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

    @Column(name = "request_id")
    public UUID requestId;

    @Enumerated(EnumType.STRING)
    public Direction direction;

    public String channel;

    @Enumerated(EnumType.STRING)
    public Author author;

    /** Who wrote it when not the customer: a staff member, an operator, a bot. */
    @Column(name = "author_ref")
    public String authorRef;

    @Column(name = "body_enc")
    public byte[] bodyEnc;

    @Column(name = "external_id")
    public String externalId;

    @Column(name = "occurred_at")
    public Instant occurredAt;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "delivery_status")
    public String deliveryStatus;

    @Column(name = "routing_decision", columnDefinition = "jsonb")
    @ColumnTransformer(read = "routing_decision::text", write = "?::text::jsonb")
    public String routingDecision;

    @Column(name = "attachments_enc")
    public byte[] attachmentsEnc;

    /** Replies: SERVICE or MARKETING. */
    public String purpose;

    /** Replies: not before this time (quiet hours). */
    @Column(name = "send_at")
    public Instant sendAt;

    /** Replies: when the current attempt was handed to Kafka; a receipt is expected within the channel's timeout. */
    @Column(name = "dispatched_at")
    public Instant dispatchedAt;

    /** Replies addressed to a contact (not the origin thread): which one, so a hard bounce can mark it. */
    @Column(name = "contact_point_id")
    public UUID contactPointId;

    /** Replies: how often the current attempt was published again for want of a receipt. */
    public int redeliveries;

    /** Replies: attempts on the current channel. */
    public int attempts;

    /** Replies: comma-separated channels delivery already failed on. */
    @Column(name = "failed_channels")
    public String failedChannels = "";
}
