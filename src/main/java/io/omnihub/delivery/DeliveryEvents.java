package io.omnihub.delivery;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.omnihub.platform.DomainEvent;
import io.omnihub.routing.Decision;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The events of the delivery feature: what became of each reply and of contact verifications.
 * A reply's {@code channel} is empty when it has none (held before any channel was chosen).
 */
public final class DeliveryEvents {

    private DeliveryEvents() {
    }

    /** A reply was routed to a channel ({@code outcome} SEND or DEFERRED, for quiet hours). */
    @RegisterForReflection
    public record ReplyRouted(UUID messageId, UUID requestId, UUID customerId, Decision.Outcome outcome,
            String channel) implements DomainEvent {
        @Override
        public Meta meta() {
            return new Meta("reply.routed", "message", messageId);
        }
    }

    /**
     * A reply is held: no channel may carry it. {@code stoppedAt} is {@code dispatch} when the re-check just before
     * sending stopped it (then {@code channel} is where it was going), absent when routing held it at once.
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReplyHeld(UUID messageId, UUID requestId, UUID customerId, Decision.Outcome outcome,
            String stoppedAt, String channel) implements DomainEvent {
        @Override
        public Meta meta() {
            return new Meta("reply.held", "message", messageId);
        }
    }

    /** The channel confirmed delivery of a reply. */
    @RegisterForReflection
    public record ReplyDelivered(UUID messageId, UUID requestId, String channel, ReplyStatus status)
            implements
                DomainEvent {
        @Override
        public Meta meta() {
            return new Meta("reply.delivered", "message", messageId);
        }
    }

    /**
     * A reply failed for good: with a {@code reason} when it may go nowhere else, or with the channels it
     * {@code failedOn} when no other channel is allowed (then its status is HELD).
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReplyFailed(UUID messageId, UUID requestId, String channel, ReplyStatus status, String reason,
            List<String> failedOn) implements DomainEvent {
        @Override
        public Meta meta() {
            return new Meta("reply.failed", "message", messageId);
        }
    }

    /** A reply failed on the channels it {@code failedOn} and goes on through the next allowed {@code channel}. */
    @RegisterForReflection
    public record ReplyRerouted(UUID messageId, UUID requestId, String channel, ReplyStatus status,
            List<String> failedOn)
            implements
                DomainEvent {
        @Override
        public Meta meta() {
            return new Meta("reply.rerouted", "message", messageId);
        }
    }

    /** A code was sent to a contact ({@code kind} phone or email) to prove it is the customer's. */
    @RegisterForReflection
    public record VerificationStarted(UUID verificationId, UUID customerId, UUID requestId, String kind,
            String channel) implements DomainEvent {
        @Override
        public Meta meta() {
            return new Meta("verification.started", "customer", customerId);
        }
    }

    /** The customer gave the right code: the contact is proven theirs. */
    @RegisterForReflection
    public record VerificationCompleted(UUID verificationId, UUID customerId, String kind) implements DomainEvent {
        @Override
        public Meta meta() {
            return new Meta("verification.completed", "customer", customerId);
        }
    }
}
