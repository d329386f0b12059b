package io.omnihub.delivery;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.omnihub.routing.Decision;

/**
 * The one writer of a reply's delivery state (status, channel, routing decision, failed channels, attempts): every
 * transition of a reply is a method here, so a newcomer finds them all in one place, and {@code ArchitectureTest}
 * holds that nothing else writes them. The state lives in {@link Reply}, the delivery feature's own table.
 *
 * <pre>
 * routed ─▶ PENDING | DEFERRED | HELD
 * PENDING | DEFERRED | RETRYING ─dispatched─▶ DISPATCHED ─receipt─▶ QUEUED ▶ SENT ▶ DELIVERED ▶ READ
 * DISPATCHED | QUEUED | SENT ─failed─▶ RETRYING (attempts left) | routed again without that channel | FAILED
 * PENDING ─heldAtDispatch─▶ HELD (the policy changed before it went)
 * dead entry ─▶ FAILED ─requeued─▶ PENDING
 * </pre>
 */
final class ReplyLifecycle {

    private ReplyLifecycle() {
    }

    /** The channels the reply failed on so far; a fallback decision leaves them out. */
    static Set<String> failedOn(Reply reply) {
        return Set.copyOf(List.of(reply.failedChannels)); // Set.of would refuse a repeated channel
    }

    /**
     * A routing decision, the first or a fallback after a failure: the reply goes on the decided channel, now or when
     * quiet hours end, or it is held with no channel. {@code decisionJson} is the decision as stored and shown.
     */
    static ReplyStatus routed(Reply reply, Decision decision, String decisionJson) {
        reply.routingDecision = decisionJson;
        reply.channel = decision.channel();
        reply.sendAt = decision.sendAt();
        reply.attempts = 0;
        reply.status = switch (decision.outcome()) {
            case ROUTED -> ReplyStatus.PENDING;
            case DEFERRED -> ReplyStatus.DEFERRED;
            case HELD -> ReplyStatus.HELD;
        };
        return reply.status;
    }

    /** The check just before publishing stopped it; answers the channel it was going to. */
    static String heldAtDispatch(Reply reply, String decisionJson) {
        String channel = reply.channel;
        reply.status = ReplyStatus.HELD;
        reply.routingDecision = decisionJson;
        reply.channel = null;
        return channel;
    }

    /** Kafka took this attempt. */
    static void dispatched(Reply reply, int attempt, Instant at) {
        reply.status = ReplyStatus.DISPATCHED;
        reply.attempts = attempt;
        reply.dispatchedAt = at;
    }

    /** An adapter's receipt moved it forward (QUEUED, SENT, DELIVERED, READ). */
    static void progressed(Reply reply, ReplyStatus status) {
        if (status.progress() == 0) {
            throw new IllegalArgumentException("not a receipt's status: " + status);
        }
        reply.status = status;
    }

    /** The attempt failed and another on the same channel is scheduled. */
    static void retrying(Reply reply) {
        reply.status = ReplyStatus.RETRYING;
    }

    /** It failed on its channel for good: that channel is left out of the next decision. Answers them all. */
    static Set<String> failedOnItsChannel(Reply reply) {
        Set<String> failed = new LinkedHashSet<>(List.of(reply.failedChannels));
        failed.add(reply.channel);
        reply.failedChannels = failed.toArray(String[]::new);
        return failed;
    }

    /** It may go nowhere any more (a code's only contact failed, or its outbox entry died). */
    static void failed(Reply reply) {
        reply.status = ReplyStatus.FAILED;
    }

    /** An admin requeued its dead entry: a FAILED reply waits to go again. */
    static void requeued(Reply reply) {
        if (reply.status == ReplyStatus.FAILED) {
            reply.status = ReplyStatus.PENDING;
        }
    }

    /** This attempt is addressed to a contact (null: the origin thread), which a hard bounce would mark. */
    static void addressed(Reply reply, UUID contactPointId) {
        reply.contactPointId = contactPointId;
    }

    /** The channel named its send (an SMS gateway's MessageSid); its status callbacks find the reply by it. */
    static void identified(Reply reply, String externalId) {
        if (reply.externalId == null) {
            reply.externalId = externalId;
        }
    }

    /** No receipt came in time: the same attempt is published again. */
    static void redelivered(Reply reply, Instant at) {
        reply.redeliveries++;
        reply.dispatchedAt = at;
    }

    /** Published as often as allowed without a receipt: it stays DISPATCHED, never checked again. */
    static void unconfirmed(Reply reply) {
        reply.dispatchedAt = null;
    }
}
