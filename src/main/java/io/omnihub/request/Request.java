package io.omnihub.request;

import java.time.Duration;
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

import io.omnihub.team.TeamSettings;

/** A customer request (обращение): a conversation that started on one channel thread. */
@Entity
@DynamicUpdate
@Table(name = "request")
public class Request {

    @Id
    public UUID id;

    /**
     * Optimistic lock: a writer that loaded this row before another committed a change to it fails and runs its
     * transaction again, so no update is lost. Native updates of the row move it too. Only changed columns are
     * written ({@code @DynamicUpdate}).
     */
    @Version
    public long version;

    @Column(name = "customer_id")
    public UUID customerId;

    @Column(name = "origin_channel")
    public String originChannel;

    /** Keyed hash of the thread reference on the origin channel, for threading. */
    @Column(name = "origin_thread_hash")
    public byte[] originThreadHash;

    /** The thread reference itself, sealed: replies on webhook channels address it. */
    @Column(name = "origin_thread_enc")
    public byte[] originThreadEnc;

    @Enumerated(EnumType.STRING)
    public RequestStatus status;

    /** The team (or office) whose operators see it. */
    public String team;

    @Column(name = "subject_enc")
    public byte[] subjectEnc;

    /** The adapter's category of the request, sealed with the customer's data key (it may say what the matter is). */
    @Column(name = "category_enc")
    public byte[] categoryEnc;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "last_inbound_at")
    public Instant lastInboundAt;

    @Column(name = "resolved_at")
    public Instant resolvedAt;

    /** Its short number (the id's last eight hex digits): computed by PostgreSQL, mapped only for searching. */
    @Column(insertable = false, updatable = false)
    public String number;

    /** The operator who owns it (their subject), or null while nobody does. */
    public String assignee;

    @Column(name = "assigned_at")
    public Instant assignedAt;

    /** When the team's first-response target runs out (its business hours counted), or null without a target. */
    @Column(name = "first_response_due")
    public Instant firstResponseDue;

    /** When the team's resolution target runs out, or null without a target. */
    @Column(name = "resolution_due")
    public Instant resolutionDue;

    /** When an operator's answer first reached a channel (not held). */
    @Column(name = "first_response_at")
    public Instant firstResponseAt;

    @Column(name = "first_response_breached_at")
    public Instant firstResponseBreachedAt;

    @Column(name = "resolution_breached_at")
    public Instant resolutionBreachedAt;

    /** When a bot conversation was handed off to people (null for any other request). */
    @Column(name = "handed_off_at")
    public Instant handedOffAt;

    /** When the bot closed a conversation it resolved itself, never handed off. */
    @Column(name = "bot_closed_at")
    public Instant botClosedAt;

    /** When people resolved it after answering: the satisfaction survey is due (sent once, then survey_sent_at). */
    @Column(name = "survey_due_at")
    public Instant surveyDueAt;

    @Column(name = "survey_sent_at")
    public Instant surveySentAt;

    /** The customer's answer to the survey, 1 (poor) to 5 (excellent). */
    public Short csat;

    @Column(name = "csat_at")
    public Instant csatAt;

    /** Its deadlines under its team's targets, counted from when it opened (or was handed off to people). */
    void due(TeamSettings team) {
        TeamSettings.Dues dues = team.dues(originChannel, queuedAt());
        firstResponseDue = dues.firstResponse();
        resolutionDue = dues.resolution();
    }

    /**
     * Whether a message with this handling joins this request, as the thread's newest; one that joins reopens it if it
     * waited for the customer or was resolved. A bot's conversation with people ended (resolved or closed) is the
     * bot's again: the customer's next message to the bot starts a new one.
     */
    boolean joinedBy(Handling handling, Instant now, Duration reopenPeriod) {
        boolean joins = switch (status) {
            case BOT, NEW, OPEN, WAITING_CUSTOMER -> true;
            case RESOLVED -> handling == Handling.PEOPLE && resolvedAt != null
                    && resolvedAt.plus(reopenPeriod).isAfter(now);
            case CLOSED -> false;
        };
        if (joins && (status == RequestStatus.WAITING_CUSTOMER || status == RequestStatus.RESOLVED)) {
            status = RequestStatus.OPEN;
            resolvedAt = null;
        }
        return joins;
    }

    /**
     * Takes what a message that continues it changed on another copy of it (see {@link #joinedBy}): its status,
     * resolution and clocks.
     */
    void continuedAs(Request changed) {
        status = changed.status;
        resolvedAt = changed.resolvedAt;
        updatedAt = changed.updatedAt;
        lastInboundAt = changed.lastInboundAt;
    }

    /** When people's clock started: its creation, or its hand-off by a bot. */
    Instant queuedAt() {
        return handedOffAt == null ? createdAt : handedOffAt;
    }

    /** Whole seconds from {@link #queuedAt()} to {@code at}, never negative. */
    long secondsQueued(Instant at) {
        return Math.max(0, Duration.between(queuedAt(), at).getSeconds());
    }
}
