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

import org.hibernate.annotations.DynamicUpdate;

/**
 * One message of a request, inbound or outbound, labelled with its channel. A reply's channel is where it goes, which
 * the delivery feature decides: its {@code channel} here stays null, and {@link ReplyStates} says.
 */
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

    @Column(name = "attachments_enc")
    public byte[] attachmentsEnc;
}
