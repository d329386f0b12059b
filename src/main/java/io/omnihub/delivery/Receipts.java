package io.omnihub.delivery;

import static io.omnihub.delivery.DeliveryEvents.channelOf;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

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
import io.omnihub.request.MessageRepository;
import io.omnihub.request.RequestRepository;
import io.omnihub.request.SealedBody;
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

    private final ReplyRepository stored;
    private final MessageRepository messages;
    private final RequestRepository requests;

    public Receipts(ChannelRegistry channels, PolicyService policies, RoutingInputs inputs, Json json,
            Outbox outbox, LiveNotices live, Clock clock, Rectification contacts, ReplyOutbox replies,
            ReplyRepository stored, MessageRepository messages, RequestRepository requests) {
        this.requests = requests;
        this.replies = replies;
        this.stored = stored;
        this.messages = messages;
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
        return stored.findById(messageId).map(p -> {
            if (p != null && p.attempts == attempt - 1) {
                throw new NotYetRecorded();
            }
            return p != null && channel.equals(p.channel) && p.attempts == attempt
                    && p.status == ReplyStatus.DISPATCHED;
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
        return receipt(() -> stored.locked(messageId), channel, status, externalId, attempt, permanent);
    }

    /** A receipt for a reply the channel knows by its own id (an SMS gateway's MessageSid). */
    public Uni<String> byExternalId(String channel, String externalId, ReplyStatus status, boolean permanent) {
        return receipt(() -> stored.lockedByExternalId(channel, externalId), channel, status, null, null,
                permanent);
    }

    /** A receipt applied: the reply's status before and after it. */
    private record Applied(Reply reply, ReplyStatus before, String after) {
    }

    /** Applies the receipt in a transaction; once committed, operators' screens hear of a changed status. */
    private Uni<String> receipt(Supplier<Uni<Reply>> find, String channel, ReplyStatus status,
            String externalId, Integer attempt, boolean permanent) {
        // a lost update (the relay recorded an attempt meanwhile): the whole transaction runs again, which
        // @WithTransaction cannot do (its interceptor would run inside the retry's)
        return Conflicts.retried(() -> Panache.withTransaction(() -> find.get()
                .chain(p -> p == null || !channel.equals(p.channel)
                        ? Uni.createFrom().<Applied> failure(ProblemException.notFound("Outbound message"))
                        : messages.body(p.messageId).chain(m -> {
                            ReplyStatus before = p.status;
                            return apply(p, m, status, externalId, attempt, permanent)
                                    .map(after -> new Applied(p, before, after));
                        }))))
                .invoke(outbox::wakeRelay)
                .invoke(applied -> {
                    if (!applied.after().equals(applied.before().name())) {
                        live.announce("reply.status", applied.reply().requestId, null, applied.reply().messageId,
                                applied.after());
                    }
                })
                .map(Applied::after);
    }

    private Uni<String> apply(Reply p, SealedBody m, ReplyStatus status, String externalId, Integer attempt,
            boolean permanent) {
        if (m == null || m.erased()) {
            return Uni.createFrom().item(p.status.name()); // the customer was erased: nothing more to send
        }
        if (externalId != null) {
            ReplyLifecycle.identified(p, externalId);
        }
        ReplyStatus current = p.status;
        if (attempt != null && attempt == p.attempts + 1) {
            return Uni.createFrom().failure(new NotYetRecorded()); // the relay has yet to commit it
        }
        if (attempt != null && attempt != p.attempts) {
            return Uni.createFrom().item(current.name()); // a receipt for an earlier attempt
        }
        if (status == ReplyStatus.FAILED) {
            boolean inFlight = current == ReplyStatus.DISPATCHED || current == ReplyStatus.QUEUED
                    || current == ReplyStatus.SENT;
            return inFlight ? failed(p, permanent) : Uni.createFrom().item(current.name());
        }
        if (status.progress() == 0) {
            throw ProblemException.invalidField("status", "must be QUEUED, SENT, DELIVERED, READ or FAILED");
        }
        if (status.progress() <= current.progress() || current == ReplyStatus.HELD) {
            return Uni.createFrom().item(current.name());
        }
        ReplyLifecycle.progressed(p, status);
        if (status != ReplyStatus.DELIVERED) {
            return Uni.createFrom().item(status.name());
        }
        return outbox.event(ReplyDelivered.of(p, status))
                .replaceWith(status.name());
    }

    private Uni<String> failed(Reply p, boolean permanent) {
        if (permanent && p.contactPointId != null) {
            return contacts.unreachable(p.contactPointId, "hard bounce on " + p.channel, "delivery")
                    .chain(() -> failed(p, true, true));
        }
        return failed(p, permanent, permanent);
    }

    private Uni<String> failed(Reply p, boolean permanent, boolean bounced) {
        Channel channel = channels.find(p.channel).orElseThrow();
        if (!permanent && p.attempts < channel.maxAttempts()) {
            ReplyLifecycle.retrying(p);
            Instant retryAt = clock.instant().plus(channel.retryBackoff().multipliedBy(p.attempts));
            return replies.schedule(p, retryAt).replaceWith(p.status.name());
        }
        if (p.purpose == Purpose.VERIFICATION) {
            // a code goes to the contact being verified and nowhere else: no fallback
            ReplyLifecycle.failed(p);
            return outbox.event(ReplyFailed.of(p, channelOf(p), ReplyStatus.FAILED,
                    bounced ? "hard bounce" : "undelivered", null))
                    .replaceWith(p.status.name());
        }
        Set<String> failedOn = ReplyLifecycle.failedOnItsChannel(p);
        return requests.facts(p.requestId).chain(r -> inputs
                .gather(r, p.purpose, 0, policies.uncached(r.customerId()), failedOn, p)
                .map(RouteReply::decide)
                .chain(decision -> {
                    ReplyStatus next = ReplyLifecycle.routed(p, decision, json.write(decision));
                    if (next == ReplyStatus.HELD) {
                        return outbox.event(ReplyFailed.of(p, "", ReplyStatus.HELD, null,
                                List.copyOf(failedOn)))
                                .replaceWith(p.status.name());
                    }
                    return replies.schedule(p, decision.sendAt())
                            .chain(() -> outbox.event(new ReplyRerouted(p.messageId, p.requestId, p.channel, next,
                                    List.copyOf(failedOn), p.team, p.originChannel)))
                            .replaceWith(p.status.name());
                }));
    }

}
