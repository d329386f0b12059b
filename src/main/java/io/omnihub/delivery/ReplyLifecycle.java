package io.omnihub.delivery;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

import io.omnihub.request.Message;
import io.omnihub.routing.Decision;

/**
 * The one writer of a reply's delivery state (status, channel, routing decision, failed channels, attempt): every
 * transition of a reply is a method here, so a newcomer finds them all in one place, and {@code ArchitectureTest}
 * holds that nothing else writes them. The state still lives on the request feature's message row.
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

    static ReplyStatus status(Message reply) {
        return ReplyStatus.valueOf(reply.deliveryStatus);
    }

    /** The channels the reply failed on so far; a fallback decision leaves them out. */
    static Set<String> failedOn(Message reply) {
        return reply.failedChannels == null || reply.failedChannels.isBlank() ? Set.of()
                : Arrays.stream(reply.failedChannels.split(",")).collect(Collectors.toSet());
    }

    /**
     * A routing decision, the first or a fallback after a failure: the reply goes on the decided channel, now or when
     * quiet hours end, or it is held with no channel. {@code decisionJson} is the decision as stored and shown.
     */
    static ReplyStatus routed(Message reply, Decision decision, String decisionJson) {
        reply.routingDecision = decisionJson;
        reply.channel = decision.channel();
        reply.sendAt = decision.sendAt();
        reply.attempts = 0;
        reply.deliveryStatus = switch (decision.outcome()) {
            case ROUTED -> ReplyStatus.PENDING.name();
            case DEFERRED -> ReplyStatus.DEFERRED.name();
            case HELD -> ReplyStatus.HELD.name();
        };
        return status(reply);
    }

    /** The check just before publishing stopped it; answers the channel it was going to. */
    static String heldAtDispatch(Message reply, String decisionJson) {
        String channel = reply.channel;
        reply.deliveryStatus = ReplyStatus.HELD.name();
        reply.routingDecision = decisionJson;
        reply.channel = null;
        return channel;
    }

    /** Kafka took this attempt. */
    static void dispatched(Message reply, int attempt, Instant at) {
        reply.deliveryStatus = ReplyStatus.DISPATCHED.name();
        reply.attempts = attempt;
        reply.dispatchedAt = at;
    }

    /** An adapter's receipt moved it forward (QUEUED, SENT, DELIVERED, READ). */
    static void progressed(Message reply, ReplyStatus status) {
        if (status.progress() == 0) {
            throw new IllegalArgumentException("not a receipt's status: " + status);
        }
        reply.deliveryStatus = status.name();
    }

    /** The attempt failed and another on the same channel is scheduled. */
    static void retrying(Message reply) {
        reply.deliveryStatus = ReplyStatus.RETRYING.name();
    }

    /** It failed on its channel for good: that channel is left out of the next decision. Answers them all. */
    static Set<String> failedOnItsChannel(Message reply) {
        Set<String> failed = new LinkedHashSet<>(failedOn(reply));
        failed.add(reply.channel);
        reply.failedChannels = String.join(",", failed);
        return failed;
    }

    /** It may go nowhere any more (a code's only contact failed, or its outbox entry died). */
    static void failed(Message reply) {
        reply.deliveryStatus = ReplyStatus.FAILED.name();
    }

    /** An admin requeued its dead entry: a FAILED reply waits to go again. */
    static void requeued(Message reply) {
        if (status(reply) == ReplyStatus.FAILED) {
            reply.deliveryStatus = ReplyStatus.PENDING.name();
        }
    }
}
