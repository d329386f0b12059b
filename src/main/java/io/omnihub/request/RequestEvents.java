package io.omnihub.request;

import java.time.Instant;
import java.util.UUID;

import io.omnihub.platform.DomainEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The events of the request feature. */
public final class RequestEvents {

    private RequestEvents() {
    }

    /** A customer's first message on a thread opened a request ({@code category} is empty when none was given). */
    @RegisterForReflection
    public record RequestCreated(UUID requestId, UUID customerId, String channel, String category)
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
            Instant occurredAt) implements DomainEvent {
        @Override
        public Meta meta() {
            return new Meta("message.received", "message", messageId);
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
    public record CsatAnswered(UUID requestId, String team, int rating) implements DomainEvent {
        @Override
        public Meta meta() {
            return new Meta("request.csat-answered", "request", requestId);
        }
    }

    /** A request was moved to another status. */
    @RegisterForReflection
    public record RequestStatusChanged(UUID requestId, RequestStatus status) implements DomainEvent {
        @Override
        public Meta meta() {
            return new Meta("request.status-changed", "request", requestId);
        }
    }
}
