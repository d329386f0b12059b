package io.omnihub.delivery;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.channel.Channel;
import io.omnihub.channel.ChannelRegistry;
import io.omnihub.consent.PolicyService;
import io.omnihub.customer.ContactPoint;
import io.omnihub.customer.CustomerKeys;
import io.omnihub.customer.PersonalDataCipher;
import io.omnihub.platform.Json;
import io.omnihub.platform.OutboxEntry;
import io.omnihub.request.Message;
import io.omnihub.request.Request;
import io.omnihub.routing.Decision;
import io.omnihub.routing.Purpose;
import io.omnihub.routing.RouteReply;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The check just before a reply is published: the customer's policy is read again from the database and the
 * reply's channel must still be eligible. If it is, the adapter's message is assembled (decrypted only now, so the
 * outbox never holds personal data); if not, nothing is sent and the reply is HELD with the reasons. Runs in the
 * relay's transaction.
 */
@ApplicationScoped
class ReplyDispatch {

    private final PolicyService policies;
    private final RoutingInputs inputs;
    private final CustomerKeys keys;
    private final PersonalDataCipher cipher;
    private final ChannelRegistry channels;
    private final Json json;
    private final io.omnihub.platform.Outbox outbox;

    ReplyDispatch(PolicyService policies, RoutingInputs inputs, CustomerKeys keys, PersonalDataCipher cipher,
            ChannelRegistry channels, Json json, io.omnihub.platform.Outbox outbox) {
        this.policies = policies;
        this.inputs = inputs;
        this.keys = keys;
        this.cipher = cipher;
        this.channels = channels;
        this.json = json;
        this.outbox = outbox;
    }

    /** A reply ready to publish, and what to record once Kafka has it. */
    record Prepared(Map<String, Object> payload, Runnable published) {
    }

    /** The reply to publish for an outbox entry, or null when it must not be sent. */
    Uni<Prepared> prepare(OutboxEntry entry) {
        // the row lock makes a receipt that arrives before this transaction commits wait for it
        return Panache.getSession().chain(s -> s.find(Message.class, entry.aggregateId,
                jakarta.persistence.LockModeType.PESSIMISTIC_WRITE).chain(m -> {
                    if (m == null || m.channel == null || !entry.topic.equals(ReplyService.REPLIES_TOPIC + m.channel)
                            || m.bodyEnc == null || m.bodyEnc.length == 0) {
                        return Uni.createFrom().nullItem(); // erased, held or re-routed since
                    }
                    return s.find(Request.class, m.requestId).chain(r -> policies.load(r.customerId)
                            .invoke(ignored -> {
                            })
                            .chain(policy -> keys.loadFor(List.of(m.bodyEnc)).chain(() -> inputs.gather(r,
                                    Purpose.valueOf(m.purpose), cipher.open("body", m.bodyEnc).length(), policy,
                                    failed(m), m.id)))
                            .map(RouteReply::decide)
                            .chain(decision -> stillEligible(decision, m.channel) ? payload(m, r)
                                    : hold(m, r, decision)));
                }));
    }

    private static boolean stillEligible(Decision decision, String channel) {
        return decision.candidates().stream().anyMatch(c -> c.channel().equals(channel) && c.eligible());
    }

    private Uni<Prepared> hold(Message m, Request r, Decision decision) {
        m.deliveryStatus = ReplyStatus.HELD.name();
        m.routingDecision = json.write(new Decision(Decision.Outcome.HELD, null, null, decision.candidates(),
                decision.policyVersion(), decision.decidedAt()));
        String channel = m.channel;
        m.channel = null;
        return outbox.event("reply.held", "message", m.id, Map.of(
                "messageId", m.id.toString(),
                "requestId", r.id.toString(),
                "customerId", r.customerId.toString(),
                "outcome", "HELD",
                "stoppedAt", "dispatch",
                "channel", channel)).replaceWith((Prepared) null);
    }

    private Uni<Prepared> payload(Message m, Request r) {
        Channel channel = channels.find(m.channel).orElseThrow();
        Uni<String> address = m.channel.equals(r.originChannel)
                ? keys.loadFor(List.of(r.originThreadEnc)).map(ignored -> cipher.open("thread", r.originThreadEnc))
                : contact(r, channel);
        int attempt = m.attempts + 1;
        return address.chain(to -> keys.loadFor(List.of(m.bodyEnc)).map(ignored -> {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("messageId", m.id.toString());
            p.put("requestId", r.id.toString());
            p.put("customerId", r.customerId.toString());
            p.put("channel", m.channel);
            p.put("purpose", m.purpose);
            p.put("to", Map.of("kind", m.channel.equals(r.originChannel) ? "thread" : channel.contactKind().wireName(),
                    "value", to));
            p.put("text", cipher.open("body", m.bodyEnc));
            p.put("attempt", attempt);
            p.put("createdAt", m.createdAt.toString());
            p.put("dispatchedAt", Instant.now().toString());
            // recorded only once Kafka acknowledged the send
            return new Prepared(p, () -> {
                m.deliveryStatus = ReplyStatus.DISPATCHED.name();
                m.attempts = attempt;
            });
        }));
    }

    private Uni<String> contact(Request r, Channel channel) {
        return Panache.getSession().chain(s -> s.createSelectionQuery(
                "from ContactPoint where customerId = ?1 and kind = ?2 order by id desc", ContactPoint.class)
                .setParameter(1, r.customerId).setParameter(2, channel.contactKind())
                .setMaxResults(1).getSingleResultOrNull())
                .chain(cp -> keys.loadFor(List.of(cp.valueEnc)).map(ignored -> cipher.open("contact", cp.valueEnc)));
    }

    static Set<String> failed(Message m) {
        return m.failedChannels == null || m.failedChannels.isBlank() ? Set.of()
                : Arrays.stream(m.failedChannels.split(",")).collect(Collectors.toSet());
    }
}
