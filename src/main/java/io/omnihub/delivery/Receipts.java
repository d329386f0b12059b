package io.omnihub.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.hibernate.reactive.mutiny.Mutiny;

import io.omnihub.channel.Channel;
import io.omnihub.channel.ChannelRegistry;
import io.omnihub.consent.PolicyService;
import io.omnihub.customer.Rectification;
import io.omnihub.delivery.DeliveryEvents.ReplyDelivered;
import io.omnihub.delivery.DeliveryEvents.ReplyFailed;
import io.omnihub.delivery.DeliveryEvents.ReplyRerouted;
import io.omnihub.platform.Conflicts;
import io.omnihub.platform.Json;
import io.omnihub.platform.LiveNotices;
import io.omnihub.platform.Outbox;
import io.omnihub.platform.ProblemException;
import io.omnihub.request.Message;
import io.omnihub.request.Request;
import io.omnihub.routing.Purpose;
import io.omnihub.routing.RouteReply;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Delivery receipts from adapters and gateways (REST, the {@code omnihub.receipts} topic, SMS status callbacks).
 * Progress only moves forward. A failure is retried on the same channel by its policy ({@code maxAttempts},
 * {@code retryBackoff}), then falls back to the next eligible channel, or the reply is HELD.
 */
@ApplicationScoped
public class Receipts {

    private final ReplyOutbox replies;
    private final ChannelRegistry channels;
    private final Rectification contacts;
    private final PolicyService policies;
    private final RoutingInputs inputs;
    private final Json json;
    private final Outbox outbox;
    private final LiveNotices live;
    private final Clock clock;

    public Receipts(ChannelRegistry channels, PolicyService policies, RoutingInputs inputs, Json json,
            Outbox outbox, LiveNotices live, Clock clock, Rectification contacts, ReplyOutbox replies) {
        this.replies = replies;
        this.contacts = contacts;
        this.clock = clock;
        this.channels = channels;
        this.policies = policies;
        this.inputs = inputs;
        this.json = json;
        this.outbox = outbox;
        this.live = live;
    }

    /**
     * Whether this attempt of this reply was dispatched on this channel and has had no receipt yet. Fails with
     * {@link NotYetRecorded} while the database still shows the attempt before it: the relay publishes before it
     * commits, so a consumer can read the record before the attempt is recorded (or the relay's transaction rolled
     * back, and it publishes the attempt again).
     */
    Uni<Boolean> awaitingDelivery(UUID messageId, String channel, int attempt) {
        return Panache.withSession(() -> Panache.getSession().chain(s -> s.find(Message.class, messageId)))
                .map(m -> {
                    if (m != null && m.attempts == attempt - 1) {
                        throw new NotYetRecorded();
                    }
                    return m != null && channel.equals(m.channel) && m.attempts == attempt
                            && ReplyStatus.DISPATCHED.name().equals(m.deliveryStatus);
                });
    }

    /**
     * {@code work} again while the attempt it concerns is not recorded yet, for up to about 15 s; then
     * {@code otherwise} (the relay's transaction rolled back, and it publishes the attempt again).
     */
    static <T> Uni<T> onceRecorded(Supplier<Uni<? extends T>> work, T otherwise) {
        return Uni.createFrom().<T> deferred(work)
                .onFailure(NotYetRecorded.class).retry().withBackOff(Duration.ofMillis(50), Duration.ofSeconds(1))
                .atMost(20)
                .onFailure(NotYetRecorded.class).recoverWithItem(otherwise);
    }

    /**
     * An attempt read from Kafka, or reported by an adapter, before the relay's transaction that published it
     * committed: 503 with {@code Retry-After} over HTTP, retried by the consumers.
     */
    static final class NotYetRecorded extends ProblemException {
        NotYetRecorded() {
            super(503, "attempt-not-recorded", "This attempt of the reply is not recorded yet; retry shortly");
            retryAfter(1);
        }
    }

    /** A receipt for a reply known by its id. */
    public Uni<String> byMessage(UUID messageId, String channel, ReplyStatus status, String externalId,
            Integer attempt) {
        return byMessage(messageId, channel, status, externalId, attempt, false);
    }

    /**
     * A receipt for a reply known by its id; {@code permanent} with FAILED is a hard bounce: the number or address
     * cannot be reached, so it is marked unreachable and the reply falls back at once.
     */
    public Uni<String> byMessage(UUID messageId, String channel, ReplyStatus status, String externalId,
            Integer attempt, boolean permanent) {
        return receipt(session -> session.find(Message.class, messageId, LockModeType.PESSIMISTIC_WRITE), channel,
                status, externalId, attempt, permanent);
    }

    /** A receipt for a reply the channel knows by its own id (an SMS gateway's MessageSid). */
    public Uni<String> byExternalId(String channel, String externalId, ReplyStatus status, boolean permanent) {
        return receipt(session -> session.createSelectionQuery(
                "from Message where channel = ?1 and externalId = ?2 and direction = ?3", Message.class)
                .setParameter(1, channel).setParameter(2, externalId).setParameter(3, Message.Direction.OUTBOUND)
                .setMaxResults(1).getSingleResultOrNull(), channel, status, null, null, permanent);
    }

    /** Applies the receipt in a transaction; once committed, operators' screens hear of a changed status. */
    private Uni<String> receipt(Function<Mutiny.Session, Uni<Message>> find, String channel, ReplyStatus status,
            String externalId, Integer attempt, boolean permanent) {
        var seen = new Object() {
            Message message;
            String before;
        };
        return Conflicts.retried(() -> Panache.withTransaction(() -> Panache.getSession().chain(session -> find.apply(session))
                .invoke(m -> {
                    seen.message = m;
                    seen.before = m == null ? null : m.deliveryStatus;
                })
                .chain(m -> apply(m, channel, status, externalId, attempt, permanent))))
                .invoke(outbox::wakeRelay)
                .invoke(after -> {
                    if (!after.equals(seen.before)) {
                        live.announce("reply.status", seen.message.requestId, null, seen.message.id, after);
                    }
                });
    }

    private Uni<String> apply(Message m, String channel, ReplyStatus status, String externalId, Integer attempt,
            boolean permanent) {
        if (m == null || m.direction != Message.Direction.OUTBOUND || !channel.equals(m.channel)) {
            return Uni.createFrom().failure(ProblemException.notFound("Outbound message"));
        }
        if (m.bodyEnc == null || m.bodyEnc.length == 0) {
            return Uni.createFrom().item(m.deliveryStatus); // the customer was erased: nothing more to send
        }
        if (externalId != null && m.externalId == null) {
            m.externalId = externalId;
        }
        ReplyStatus current = ReplyStatus.valueOf(m.deliveryStatus);
        if (attempt != null && attempt == m.attempts + 1) {
            return Uni.createFrom().failure(new NotYetRecorded()); // the relay has yet to commit it
        }
        if (attempt != null && attempt != m.attempts) {
            return Uni.createFrom().item(current.name()); // a receipt for an earlier attempt
        }
        if (status == ReplyStatus.FAILED) {
            boolean inFlight = current == ReplyStatus.DISPATCHED || current == ReplyStatus.QUEUED
                    || current == ReplyStatus.SENT;
            return inFlight ? failed(m, permanent) : Uni.createFrom().item(current.name());
        }
        if (status.progress() == 0) {
            throw ProblemException.invalidField("status", "must be QUEUED, SENT, DELIVERED, READ or FAILED");
        }
        if (status.progress() <= current.progress() || current == ReplyStatus.HELD) {
            return Uni.createFrom().item(current.name());
        }
        ReplyLifecycle.progressed(m, status);
        if (status != ReplyStatus.DELIVERED) {
            return Uni.createFrom().item(status.name());
        }
        return outbox.event(new ReplyDelivered(m.id, m.requestId, channelOf(m), status)).replaceWith(status.name());
    }

    private Uni<String> failed(Message m, boolean permanent) {
        if (permanent && m.contactPointId != null) {
            return contacts.unreachable(m.contactPointId, "hard bounce on " + m.channel, "delivery")
                    .chain(() -> failed(m, true, true));
        }
        return failed(m, permanent, permanent);
    }

    private Uni<String> failed(Message m, boolean permanent, boolean bounced) {
        Channel channel = channels.find(m.channel).orElseThrow();
        if (!permanent && m.attempts < channel.maxAttempts()) {
            ReplyLifecycle.retrying(m);
            Instant retryAt = clock.instant().plus(channel.retryBackoff().multipliedBy(m.attempts));
            return replies.schedule(m, retryAt).replaceWith(m.deliveryStatus);
        }
        if (Purpose.VERIFICATION.name().equals(m.purpose)) {
            // a code goes to the contact being verified and nowhere else: no fallback
            ReplyLifecycle.failed(m);
            return outbox.event(new ReplyFailed(m.id, m.requestId, channelOf(m), ReplyStatus.FAILED,
                    bounced ? "hard bounce" : "undelivered", null))
                    .replaceWith(m.deliveryStatus);
        }
        Set<String> failedOn = ReplyLifecycle.failedOnItsChannel(m);
        return Panache.getSession().chain(s -> s.find(Request.class, m.requestId)).chain(r -> policies
                .load(r.customerId)
                .chain(policy -> inputs.gather(r, Purpose.valueOf(m.purpose), 0, policy, failedOn, m))
                .map(RouteReply::decide)
                .chain(decision -> {
                    ReplyStatus next = ReplyLifecycle.routed(m, decision, json.write(decision));
                    if (next == ReplyStatus.HELD) {
                        return outbox.event(new ReplyFailed(m.id, m.requestId, "", ReplyStatus.HELD, null,
                                m.failedChannels))
                                .replaceWith(m.deliveryStatus);
                    }
                    return replies.schedule(m, decision.sendAt())
                            .chain(() -> outbox.event(new ReplyRerouted(m.id, m.requestId, m.channel, next,
                                    m.failedChannels)))
                            .replaceWith(m.deliveryStatus);
                }));
    }

    private static String channelOf(Message m) {
        return m.channel == null ? "" : m.channel;
    }
}
