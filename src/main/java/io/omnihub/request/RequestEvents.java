package io.omnihub.request;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.omnihub.platform.DomainEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The events of the request feature. Each carries the request's team and channels, and the facts analytics needs that
 * only the customer's history can tell (computed here, where the customer is known), so that rollups never need
 * customer ids.
 */
public final class RequestEvents {

    private RequestEvents() {
    }

    /**
     * A customer's first message on a thread opened a request, for {@code team}, with the bot ({@code withBot}) or in people's
     * queue. {@code firstUseOfChannel}: the customer's
     * first request on this channel; {@code channelsUsed}: how many channels the customer's requests came in on, this
     * one included; {@code switchedFrom}: the channel of the customer's previous request when it was another;
     * {@code repeatOf}: the channel of a request of the customer's still open on another channel, opened within the
     * last 24 hours (the customer had to repeat themselves).
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RequestCreated(UUID requestId, UUID customerId, String channel, String team,
            boolean withBot, boolean firstUseOfChannel, int channelsUsed, String switchedFrom, String repeatOf)
            implements
                DomainEvent {
        @Override
        public Meta meta() {
            return new Meta("request.created", "request", requestId);
        }
    }

    /** A message from the customer, or from their conversation with a bot, was stored on a request. */
    @RegisterForReflection
    public record MessageReceived(UUID messageId, UUID requestId, UUID customerId, String channel, String author,
            Instant occurredAt, String team) implements DomainEvent {
        @Override
        public Meta meta() {
            return new Meta("message.received", "message", messageId);
        }
    }

    /**
     * The first answer that reached the customer (not held) was written for a request: {@code seconds} after the
     * request entered people's queue (its creation, or its hand-off by a bot). {@code operator} is empty when
     * Omnihub sent it (a held reply sent again by itself). The customer and the team scope its live notice, which
     * then reads nothing (a first reply's relay read the request's scope for it).
     */
    @RegisterForReflection
    public record FirstResponse(UUID requestId, UUID customerId, String team, String channel, String operator,
            long seconds)
            implements
                DomainEvent {
        @Override
        public Meta meta() {
            return new Meta("request.first-response", "request", requestId);
        }
    }

    /**
     * A bot's conversation became people's: from the bot's team {@code fromTeam} to {@code team}, by the {@code bot},
     * the {@code customer} (a keyword) or an {@code operator} who took or answered it.
     */
    @RegisterForReflection
    public record HandedOff(UUID requestId, String fromTeam, String team, String channel, String by)
            implements
                DomainEvent {
        @Override
        public Meta meta() {
            return new Meta("request.handed-off", "request", requestId);
        }
    }

    /**
     * A request missed a deadline of its team: its first response ({@code FIRST_RESPONSE}) or its resolution
     * ({@code RESOLUTION}) was due at {@code dueAt}, counted in the team's business hours.
     */
    @RegisterForReflection
    public record SlaBreached(UUID requestId, String team, String target, Instant dueAt) implements DomainEvent {
        @Override
        public Meta meta() {
            return new Meta("request.sla-breached", "request", requestId);
        }
    }

    /** The customer answered the satisfaction survey of a resolved request: {@code rating} from 1 to 5. */
    @RegisterForReflection
    public record CsatAnswered(UUID requestId, String team, int rating, String channel, String assignee)
            implements
                DomainEvent {
        @Override
        public Meta meta() {
            return new Meta("request.csat-answered", "request", requestId);
        }
    }

    /**
     * A request was moved from status {@code previous} to {@code status}. {@code assignee} is its owner (empty when
     * none); {@code closedByBot} when the bot closed its own conversation (bot containment); on RESOLVED,
     * {@code resolutionSeconds} since it entered people's queue.
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RequestStatusChanged(UUID requestId, RequestStatus status, RequestStatus previous, String team,
            String channel, String assignee, boolean closedByBot, Long resolutionSeconds) implements DomainEvent {
        @Override
        public Meta meta() {
            return new Meta("request.status-changed", "request", requestId);
        }

        static RequestStatusChanged of(Request r, RequestStatus previous, Long resolutionSeconds) {
            return new RequestStatusChanged(r.id, r.status, previous, r.team, r.originChannel,
                    r.assignee == null ? "" : r.assignee, r.botClosedAt != null, resolutionSeconds);
        }
    }
}
