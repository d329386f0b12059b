package io.omnihub.delivery;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.channel.Channel;
import io.omnihub.channel.ChannelRegistry;
import io.omnihub.channel.SmsThread;
import io.omnihub.customer.ContactFacts;
import io.omnihub.customer.ContactPointRepository;
import io.omnihub.customer.crypto.CustomerKeys;
import io.omnihub.customer.crypto.PersonalDataCipher;
import io.omnihub.delivery.DeliveryEvents.ReplyHeld;
import io.omnihub.platform.Json;
import io.omnihub.platform.OutboxEntry;
import io.omnihub.request.MessageRepository;
import io.omnihub.request.OutgoingMessage;
import io.omnihub.request.RequestFacts;
import io.omnihub.request.RequestLifecycle;
import io.omnihub.request.SealedBody;
import io.omnihub.routing.Decision;
import io.omnihub.routing.Purpose;
import io.omnihub.routing.RouteReply;
import io.smallrye.mutiny.Uni;

/**
 * The check just before a reply is published: the customer's policy is checked again against the database (its
 * version, and the policy itself unless the cached one has that version) and the reply's channel must still be
 * eligible. If it is, the adapter's message is assembled (decrypted only now, so the
 * outbox never holds personal data); if not, nothing is sent and the reply is HELD with the reasons. Runs in the
 * relay's transaction.
 */
@ApplicationScoped
class ReplyDispatch {

    private final CodeAddresses codes;
    private final RoutingInputs inputs;
    private final CustomerKeys keys;
    private final PersonalDataCipher cipher;
    private final ChannelRegistry channels;
    private final Json json;
    private final io.omnihub.platform.Outbox outbox;
    private final Clock clock;

    private final ReplyRepository stored;
    private final MessageRepository messages;
    private final ContactPointRepository contacts;
    private final RequestLifecycle requestLifecycle;

    ReplyDispatch(RoutingInputs inputs, CustomerKeys keys, PersonalDataCipher cipher,
            ChannelRegistry channels, Json json, io.omnihub.platform.Outbox outbox, Clock clock,
            CodeAddresses codes, ReplyRepository stored, MessageRepository messages,
            ContactPointRepository contacts, RequestLifecycle requestLifecycle) {
        this.requestLifecycle = requestLifecycle;
        this.contacts = contacts;
        this.codes = codes;
        this.stored = stored;
        this.messages = messages;
        this.clock = clock;
        this.inputs = inputs;
        this.keys = keys;
        this.cipher = cipher;
        this.channels = channels;
        this.json = json;
        this.outbox = outbox;
    }

    /** A reply assembled for its next attempt: the adapter's command, and the reply it is an attempt of. */
    record Assembled(Reply reply, ReplyCommand command) {
    }

    /** The replies of a batch, and their messages with their requests. */
    private record Read(List<Reply> replies, List<OutgoingMessage> messages) {
    }

    /** What the check needs for a batch of reply entries, read at once. */
    record Batch(Map<UUID, Reply> replies, Map<UUID, SealedBody> messages, Map<UUID, RequestFacts> requests,
            RoutingInputs.Facts facts) {
    }

    /**
     * Reads, for these reply entries, their replies (locked: a receipt that arrives before the relay's transaction
     * commits waits for it), their messages with their requests, the customers' keys and policies, and the routing
     * facts with the policies' versions: at most seven queries per batch rather than seven per reply (five when no
     * reply of the batch has a capped purpose; the policies only where the cache lacks their versions).
     */
    Uni<Batch> load(List<OutboxEntry> entries) {
        List<UUID> ids = entries.stream().map(e -> e.aggregateId).distinct().toList();
        if (ids.isEmpty()) {
            return Uni.createFrom().item(new Batch(Map.of(), Map.of(), Map.of(), null));
        }
        return stored.lockedInOrder(ids)
                .chain(replies -> messages.outgoing(ids).map(found -> new Read(replies, found)))
                .chain(read -> {
                    Map<UUID, SealedBody> bodies = new HashMap<>();
                    Map<UUID, RequestFacts> requests = new HashMap<>();
                    List<byte[]> sealed = new ArrayList<>();
                    for (OutgoingMessage m : read.messages()) {
                        bodies.put(m.body().messageId(), m.body());
                        sealed.add(m.body().bodyEnc());
                        if (requests.putIfAbsent(m.request().id(), m.request()) == null) {
                            sealed.add(m.request().originThreadEnc());
                        }
                    }
                    List<UUID> customers = requests.values().stream().map(RequestFacts::customerId).distinct().toList();
                    // a key that cannot be loaded fails only its own reply, in prepare
                    return keys.loadFor(sealed).onFailure().recoverWithNull()
                            .chain(() -> inputs.checked(customers, inputs.anyCapped(read.replies())))
                            .map(facts -> new Batch(read.replies().stream()
                                    .collect(Collectors.toMap(p -> p.messageId, p -> p)), bodies, requests, facts));
                });
    }

    /** The reply to publish for an outbox entry of the batch, or null when it must not be sent. */
    Uni<Assembled> prepare(OutboxEntry entry, Batch batch) {
        return Uni.createFrom().deferred(() -> {
            Reply p = batch.replies().get(entry.aggregateId);
            SealedBody m = batch.messages().get(entry.aggregateId);
            if (p == null || p.channel == null || !entry.topic.equals(ReplyOutbox.TOPIC_PREFIX + p.channel)
                    || m == null || m.erased()) {
                return Uni.createFrom().nullItem(); // erased, held or re-routed since
            }
            RequestFacts r = batch.requests().get(p.requestId);
            if (r == null || r.erased()) {
                return Uni.createFrom().nullItem(); // its thread erased or depersonalised since
            }
            if (p.purpose == Purpose.VERIFICATION) {
                return codes.address(p.messageId, p.contactPointId, m.bodyEnc(), r).map(to -> to == null ? null
                        : prepared(p, m, r, to.kind(), to.value(), to.text()));
            }
            return keys.loadFor(Arrays.asList(m.bodyEnc(), r.originThreadEnc())).chain(() -> {
                String text = cipher.open("body", m.bodyEnc());
                Decision decision = RouteReply.decide(inputs.request(batch.facts(), r, p.purpose, text.length(),
                        batch.facts().policies().get(r.customerId()), ReplyLifecycle.failedOn(p), p));
                return stillEligible(decision, p.channel) ? payload(p, m, r, text) : hold(p, r, decision);
            });
        });
    }

    private static boolean stillEligible(Decision decision, String channel) {
        return decision.candidates().stream().anyMatch(c -> c.channel().equals(channel) && c.eligible());
    }

    private Uni<Assembled> hold(Reply p, RequestFacts r, Decision decision) {
        String channel = ReplyLifecycle.heldAtDispatch(p, json.write(new Decision(Decision.Outcome.HELD, null, null,
                decision.candidates(), decision.policyVersion(), decision.decidedAt())));
        return outbox.event(ReplyHeld.of(p, r, decision, "dispatch", channel, ""))
                .call(() -> requestLifecycle.replyHeld(r.id())).replaceWith((Assembled) null);
    }

    private Uni<Assembled> payload(Reply p, SealedBody m, RequestFacts r, String text) {
        Channel channel = channels.find(p.channel).orElseThrow();
        if (p.channel.equals(r.originChannel())) {
            String thread = cipher.open("thread", r.originThreadEnc());
            return threadContact(r, channel, thread).map(cp -> {
                ReplyLifecycle.addressed(p, cp == null ? null : cp.id());
                return prepared(p, m, r, "thread", thread, text);
            });
        }
        return contact(r, channel).map(cp -> {
            ReplyLifecycle.addressed(p, cp.id());
            return prepared(p, m, r, channel.contactKind().wireName(), cipher.open("contact", cp.valueEnc()), text);
        });
    }

    /** The adapter's command for this attempt. */
    private Assembled prepared(Reply p, SealedBody m, RequestFacts r, String toKind, String to, String text) {
        // a reply still DISPATCHED is published again for want of a receipt: the same attempt, which the adapter
        // de-duplicates and reports again; anything else is a new attempt
        boolean again = p.status == ReplyStatus.DISPATCHED;
        int attempt = again ? p.attempts : p.attempts + 1;
        ReplyCommand command = new ReplyCommand(p.messageId, r.id(), r.customerId(), p.channel, p.purpose,
                new ReplyCommand.To(toKind, to), text, attempt, m.createdAt(), clock.instant());
        return new Assembled(p, command);
    }

    /**
     * The contact an origin thread is addressed to, when the thread is one (an {@link SmsThread}, which holds the
     * customer's phone); null for other threads (a chat, a web session).
     */
    private Uni<ContactFacts> threadContact(RequestFacts r, Channel channel, String thread) {
        Optional<SmsThread> sms = SmsThread.parse(thread);
        if (channel.contactKind() != io.omnihub.channel.ContactKind.PHONE || sms.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        byte[] hash = cipher.lookupHash(io.omnihub.channel.ContactKind.PHONE, sms.get().customer());
        return contacts.ofCustomer(r.customerId(), hash);
    }

    /** The customer's active contact for the channel, a vouched or verified one before a claimed one. */
    private Uni<ContactFacts> contact(RequestFacts r, Channel channel) {
        return contacts.bestActive(r.customerId(), channel.contactKind())
                .call(cp -> keys.loadFor(List.of(cp.valueEnc())));
    }

}
