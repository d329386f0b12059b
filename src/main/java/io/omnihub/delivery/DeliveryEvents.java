package io.omnihub.delivery;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.omnihub.platform.DomainEvent;
import io.omnihub.request.RequestFacts;
import io.omnihub.routing.Decision;
import io.omnihub.routing.Purpose;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The events of the delivery feature: what became of each reply and of contact verifications. A reply's
 * {@code channel} is empty when it has none (held before any channel was chosen). Each reply event carries the
 * request's {@code team} and {@code originChannel} (the channel the request came in on), so analytics can tell replies
 * on the origin channel from fallbacks without reading the request.
 */
public final class DeliveryEvents {

    private DeliveryEvents() {
    }

    /**
     * A reply was routed to a channel ({@code outcome} ROUTED, or DEFERRED for quiet hours). {@code fallback}: the
     * channel is not the origin channel, which {@code reasons} (routing codes) ruled out. {@code operator} is the
     * operator who wrote it, empty when Omnihub did.
     */
    @RegisterForReflection
    public record ReplyRouted(UUID messageId, UUID requestId, UUID customerId, Decision.Outcome outcome,
            String channel, String team, String originChannel, boolean fallback, List<String> reasons,
            String operator, Purpose purpose) implements DomainEvent {
        @Override
        public Meta meta() {
            return new Meta("reply.routed", "message", messageId);
        }

        static ReplyRouted of(Reply reply, RequestFacts r, Decision decision, String operator) {
            boolean fallback = !decision.channel().equals(r.originChannel());
            return new ReplyRouted(reply.messageId, r.id(), r.customerId(), decision.outcome(), decision.channel(),
                    r.team(), r.originChannel(), fallback, fallback ? blocking(decision, r.originChannel()) : List.of(),
                    operatorOf(operator), reply.purpose);
        }
    }

    /**
     * A reply is held: no channel may carry it, for the routing codes in {@code reasons} (every candidate's).
     * {@code stoppedAt} is {@code dispatch} when the re-check just before sending stopped it (then {@code channel} is
     * where it was going), absent when routing held it at once.
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReplyHeld(UUID messageId, UUID requestId, UUID customerId, Decision.Outcome outcome,
            String stoppedAt, String channel, String team, String originChannel, List<String> reasons,
            String operator, Purpose purpose) implements DomainEvent {
        @Override
        public Meta meta() {
            return new Meta("reply.held", "message", messageId);
        }

        static ReplyHeld of(Reply reply, RequestFacts r, Decision decision, String stoppedAt, String channel,
                String operator) {
            return new ReplyHeld(reply.messageId, r.id(), r.customerId(), Decision.Outcome.HELD, stoppedAt, channel,
                    r.team(), r.originChannel(), blocking(decision, null), operatorOf(operator), reply.purpose);
        }
    }

    /** The channel confirmed delivery of a reply. */
    @RegisterForReflection
    public record ReplyDelivered(UUID messageId, UUID requestId, String channel, ReplyStatus status, String team,
            String originChannel) implements DomainEvent {
        @Override
        public Meta meta() {
            return new Meta("reply.delivered", "message", messageId);
        }

        static ReplyDelivered of(Reply p, ReplyStatus status) {
            return new ReplyDelivered(p.messageId, p.requestId, channelOf(p), status, p.team, p.originChannel);
        }
    }

    /**
     * A reply failed for good: with a {@code reason} when it may go nowhere else, or with the channels it
     * {@code failedOn} when no other channel is allowed (then its status is HELD).
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReplyFailed(UUID messageId, UUID requestId, String channel, ReplyStatus status, String reason,
            List<String> failedOn, String team, String originChannel) implements DomainEvent {
        @Override
        public Meta meta() {
            return new Meta("reply.failed", "message", messageId);
        }

        static ReplyFailed of(Reply p, String channel, ReplyStatus status, String reason, List<String> failedOn) {
            return new ReplyFailed(p.messageId, p.requestId, channel, status, reason, failedOn, p.team,
                    p.originChannel);
        }
    }

    /** A reply failed on the channels it {@code failedOn} and goes on through the next allowed {@code channel}. */
    @RegisterForReflection
    public record ReplyRerouted(UUID messageId, UUID requestId, String channel, ReplyStatus status,
            List<String> failedOn, String team, String originChannel) implements DomainEvent {
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

    static String channelOf(Reply p) {
        return p.channel == null ? "" : p.channel;
    }

    /** The blocking routing codes of {@code channel}'s candidacy, or of every candidate's when it is null. */
    private static List<String> blocking(Decision decision, String channel) {
        return decision.candidates().stream().filter(c -> channel == null || c.channel().equals(channel))
                .flatMap(c -> c.reasons().stream()).map(Decision.Reason::code).filter(Decision.Code::blocks)
                .map(Enum::name).distinct().sorted().toList();
    }

    /** An operator's name from a caller's actor ({@code user:<name>}); empty for Omnihub itself. */
    private static String operatorOf(String actorOrName) {
        if (actorOrName == null || actorOrName.startsWith("system:")) {
            return "";
        }
        return actorOrName.startsWith("user:") ? actorOrName.substring("user:".length()) : actorOrName;
    }
}
