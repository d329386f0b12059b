package io.omnihub.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.omnihub.consent.CustomerChangedPolicy;
import io.omnihub.consent.PolicyService;
import io.omnihub.customer.crypto.CustomerKeys;
import io.omnihub.customer.crypto.PersonalDataCipher;
import io.omnihub.delivery.DeliveryEvents.ReplyRouted;
import io.omnihub.platform.Conflicts;
import io.omnihub.platform.Json;
import io.omnihub.platform.Outbox;
import io.omnihub.platform.ProblemException;
import io.omnihub.platform.Reaction;
import io.omnihub.request.MessageRepository;
import io.omnihub.request.RequestFacts;
import io.omnihub.request.RequestLifecycle;
import io.omnihub.request.RequestRepository;
import io.omnihub.routing.Decision;
import io.omnihub.routing.RouteReply;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Held replies are work, not a dead end: they are listed per team with their reasons and whether they could go now,
 * an operator sends one again, and when the customer's own action makes one sendable, it goes by itself if it is
 * younger than {@code omnihub.delivery.held-resend-age}; an older one is only offered. After a command (an SMS START)
 * it goes at once, by this reaction; after writing in, or when the reaction was missed, {@link HeldRepliesSweep}
 * routes it within its interval. Sending again routes the reply anew, exactly as a new reply is routed.
 */
@ApplicationScoped
public class HeldReplies implements Reaction<CustomerChangedPolicy> {

    private static final Logger LOG = Logger.getLogger(HeldReplies.class);
    static final String SYSTEM = "system:held-replies";
    /** Held replies read for one list, before the caller's teams filter them. */
    private static final int SCAN = 500;

    private final ReplyRepository stored;
    private final RequestRepository requests;
    private final RequestLifecycle requestLifecycle;
    private final MessageRepository messages;
    private final PolicyService policies;
    private final RoutingInputs inputs;
    private final ReplyOutbox replies;
    private final CustomerKeys keys;
    private final PersonalDataCipher cipher;
    private final Outbox outbox;
    private final Json json;
    private final DeliveryConfig config;
    private final Clock clock;

    HeldReplies(ReplyRepository stored, RequestRepository requests, RequestLifecycle requestLifecycle,
            MessageRepository messages, PolicyService policies, RoutingInputs inputs, ReplyOutbox replies,
            CustomerKeys keys, PersonalDataCipher cipher, Outbox outbox, Json json, DeliveryConfig config,
            Clock clock) {
        this.stored = stored;
        this.requests = requests;
        this.requestLifecycle = requestLifecycle;
        this.messages = messages;
        this.policies = policies;
        this.inputs = inputs;
        this.replies = replies;
        this.keys = keys;
        this.cipher = cipher;
        this.outbox = outbox;
        this.json = json;
        this.config = config;
        this.clock = clock;
    }

    /**
     * A held reply as the list shows it.
     *
     * @param decision the decision that held it, with every channel's reasons
     * @param sendableNow where it would go now, or null if it would still be held
     */
    public record Held(UUID messageId, UUID requestId, UUID customerId, String team, Instant writtenAt,
            JsonNode decision, String sendableNow) {
    }

    /** The held replies of these teams (null: every team), oldest first, with where each could go now. */
    public Uni<List<Held>> list(Set<String> teams, int limit) {
        return Panache.withSession(() -> stored.held(SCAN).chain(held -> requests.facts(held.stream()
                .map(r -> r.requestId).distinct().toList()).chain(facts -> {
                    Map<UUID, RequestFacts> byId = facts.stream().collect(Collectors.toMap(RequestFacts::id,
                            Function.identity()));
                    List<Reply> seen = held.stream().filter(r -> byId.containsKey(r.requestId)
                            && (teams == null || teams.contains(byId.get(r.requestId).team()))).limit(limit).toList();
                    return decisions(seen, byId).map(now -> {
                        List<Held> list = new ArrayList<>();
                        for (Reply r : seen) {
                            RequestFacts f = byId.get(r.requestId);
                            Decision d = now.get(r.messageId);
                            list.add(new Held(r.messageId, r.requestId, f.customerId(), f.team(), r.createdAt,
                                    json.tree(r.routingDecision),
                                    d == null || d.outcome() == Decision.Outcome.HELD ? null : d.channel()));
                        }
                        return list;
                    });
                })));
    }

    /** How many replies are held on each of these requests (those with none are left out). */
    public Uni<Map<UUID, Long>> counts(Collection<UUID> requestIds) {
        return Panache.withSession(() -> stored.heldCounts(requestIds));
    }

    /**
     * Routes a held reply of this request anew: it goes if it may now, or stays held with today's reasons. 409 for a
     * reply that is not held (any more).
     */
    public Uni<ReplyResult> resend(UUID requestId, UUID messageId, String actor) {
        return resend(requestId, messageId, actor, false);
    }

    /** {@link #resend}, with the policy read as stored, whatever the cache holds, when {@code asStored}. */
    Uni<ReplyResult> resend(UUID requestId, UUID messageId, String actor, boolean asStored) {
        return Conflicts.retried(() -> outbox.transaction(() -> stored.lockedInOrder(
                List.of(messageId)).chain(found -> {
                    Reply reply = found.isEmpty() ? null : found.get(0);
                    if (reply == null || !reply.requestId.equals(requestId)) {
                        return Uni.createFrom().failure(ProblemException.notFound("Reply"));
                    }
                    if (reply.status != ReplyStatus.HELD) {
                        return Uni.createFrom().failure(ProblemException.conflict("not-held",
                                "This reply is not held: it is " + reply.status));
                    }
                    return requests.facts(requestId).chain(r -> routeAgain(reply, r, actor, asStored));
                })));
    }

    @Override
    public Class<CustomerChangedPolicy> type() {
        return CustomerChangedPolicy.class;
    }

    @Override
    public Uni<Void> inTransaction(CustomerChangedPolicy event) {
        return Uni.createFrom().voidItem(); // nothing to keep: the change itself, in the consent ledger, is the record
    }

    /** The customer's own action: their recent held replies go if they may now. */
    @Override
    public Uni<Void> afterCommit(CustomerChangedPolicy event) {
        Instant youngest = clock.instant().minus(config.heldResendAge());
        return Panache.withSession(() -> requests.customersOfRequestsOf(List.of(event.customerId()))
                .chain(requestsOf -> stored.heldOn(requestsOf.keySet(), youngest)))
                .chain(held -> Multi.createFrom().iterable(held)
                        .onItem().transformToUniAndConcatenate(r -> resend(r.requestId, r.messageId, SYSTEM)
                                .invoke(result -> LOG.debugf("held reply %s, sent again: %s", r.messageId,
                                        result.status())))
                        .collect().last())
                .replaceWithVoid();
    }

    private Uni<ReplyResult> routeAgain(Reply reply, RequestFacts r, String actor, boolean asStored) {
        return length(reply).chain(length -> policy(r.customerId(), asStored).chain(policy -> inputs.gather(r,
                reply.purpose, length, policy, ReplyLifecycle.failedOn(reply), reply)))
                .chain(request -> {
                    Decision decision = RouteReply.decide(request);
                    ReplyLifecycle.routed(reply, decision, json.write(decision));
                    ReplyResult result = new ReplyResult(reply.messageId, r.id(), reply.status.name(), reply.channel,
                            decision);
                    if (decision.outcome() == Decision.Outcome.HELD) {
                        return Uni.createFrom().item(result);
                    }
                    return replies.schedule(reply, decision.sendAt())
                            .chain(() -> outbox.event(ReplyRouted.of(reply, r, decision, actor)))
                            .chain(() -> requestLifecycle.answered(r.id(), decision.decidedAt(), null, actor, false))
                            .replaceWith(result);
                });
    }

    /** The customer's policy from the cache, or, {@code asStored}, read with the routing's facts whatever it holds. */
    private Uni<PolicyService.Lookup> policy(UUID customerId, boolean asStored) {
        return asStored ? Uni.createFrom().item(policies.uncached(customerId)) : policies.lookup(customerId);
    }

    /** The reply's text length, for channels with a maximum. */
    private Uni<Integer> length(Reply reply) {
        return messages.bodies(List.of(reply.messageId)).chain(bodies -> {
            if (bodies.isEmpty() || bodies.get(0).erased()) {
                return Uni.createFrom().failure(ProblemException.conflict("erased", "This reply's text was erased"));
            }
            byte[] sealed = bodies.get(0).bodyEnc();
            return keys.loadFor(List.of(sealed)).map(ignored -> cipher.open("body", sealed).length());
        });
    }

    /** Where each reply would go now. */
    private Uni<Map<UUID, Decision>> decisions(List<Reply> held, Map<UUID, RequestFacts> requestsById) {
        if (held.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<UUID> customers = held.stream().map(r -> requestsById.get(r.requestId).customerId()).distinct().toList();
        return inputs.checked(customers, inputs.anyCapped(held)).map(facts -> {
            Map<UUID, Decision> decisions = new java.util.HashMap<>();
            for (Reply r : held) {
                RequestFacts f = requestsById.get(r.requestId);
                // the length is not read for the list: the channel's maximum is checked again when it is sent
                decisions.put(r.messageId, RouteReply.decide(inputs.request(facts, f, r.purpose, 0,
                        facts.policies().get(f.customerId()), ReplyLifecycle.failedOn(r), r)));
            }
            return decisions;
        });
    }
}
