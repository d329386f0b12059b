package io.omnihub.delivery;

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

import io.omnihub.request.RequestFacts;
import io.omnihub.routing.Purpose;

/**
 * Where a reply goes and how far it got: the delivery of one outbound message (what was said stays on the request
 * feature's message row). Only {@link ReplyLifecycle} changes its state; everything else reads it.
 */
@Entity
@DynamicUpdate
@Table(name = "reply")
class Reply {

    /** The message this reply delivers. */
    @Id
    @Column(name = "message_id")
    UUID messageId;

    /** Optimistic lock, as on the message: a lost update makes its transaction run again. */
    @Version
    long version;

    @Column(name = "request_id")
    UUID requestId;

    @Enumerated(EnumType.STRING)
    ReplyStatus status;

    @Enumerated(EnumType.STRING)
    Purpose purpose;

    /** The channel it goes on now; null while held. */
    String channel;

    /** The last routing decision, as stored and shown: the chosen channel and every rejected one with why. */
    @Column(name = "routing_decision", columnDefinition = "jsonb")
    @ColumnTransformer(read = "routing_decision::text", write = "?::text::jsonb")
    String routingDecision;

    /** The channels delivery already failed on for good; a fallback leaves them out. */
    @Column(name = "failed_channels")
    String[] failedChannels = {};

    /** Attempts on the current channel. */
    int attempts;

    /** Not before this time (quiet hours). */
    @Column(name = "send_at")
    Instant sendAt;

    /** When the current attempt was handed to Kafka; a receipt is expected within the channel's timeout. */
    @Column(name = "dispatched_at")
    Instant dispatchedAt;

    /** How often the current attempt was published again for want of a receipt. */
    int redeliveries;

    /** The contact it was addressed to (not the origin thread), so that a hard bounce can mark it. */
    @Column(name = "contact_point_id")
    UUID contactPointId;

    /** The channel's own id of the send (an SMS gateway's MessageSid), which its status callbacks name. */
    @Column(name = "external_id")
    String externalId;

    @Column(name = "created_at")
    Instant createdAt;

    /** An approved template of the team, word for word: a channel that says so takes it after its reply window. */
    @Column(name = "approved_template")
    boolean approvedTemplate;

    /** The request's team when the reply was written, for analytics (empty for replies written before V19). */
    String team;

    /** The channel the request came in on, for analytics (empty for replies written before V19). */
    @Column(name = "origin_channel")
    String originChannel;

    Reply() {
    }

    Reply(UUID messageId, RequestFacts request, Purpose purpose, Instant createdAt) {
        this(messageId, request, purpose, createdAt, false);
    }

    Reply(UUID messageId, RequestFacts request, Purpose purpose, Instant createdAt, boolean approvedTemplate) {
        this.messageId = messageId;
        this.requestId = request.id();
        this.team = request.team();
        this.originChannel = request.originChannel();
        this.purpose = purpose;
        this.createdAt = createdAt;
        this.approvedTemplate = approvedTemplate;
    }
}
