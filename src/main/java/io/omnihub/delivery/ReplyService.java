package io.omnihub.delivery;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.consent.PolicyService;
import io.omnihub.customer.crypto.CustomerKeys;
import io.omnihub.customer.crypto.PersonalDataCipher;
import io.omnihub.delivery.DeliveryEvents.ReplyHeld;
import io.omnihub.delivery.DeliveryEvents.ReplyRouted;
import io.omnihub.platform.Conflicts;
import io.omnihub.platform.Json;
import io.omnihub.platform.Outbox;
import io.omnihub.platform.ProblemException;
import io.omnihub.request.Message;
import io.omnihub.request.Request;
import io.omnihub.request.RequestStatus;
import io.omnihub.routing.CustomerPolicy;
import io.omnihub.routing.Decision;
import io.omnihub.routing.Purpose;
import io.omnihub.routing.RouteReply;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * An operator replies once: the reply is routed (origin channel first, within the customer's preferences and
 * consent), and the reply, its decision and its outbox row are written in one transaction.
 */
@ApplicationScoped
public class ReplyService {

    private final ReplyOutbox replies;
    private final RoutingInputs inputs;
    private final PolicyService policies;
    private final CustomerKeys keys;
    private final PersonalDataCipher cipher;
    private final Outbox outbox;
    private final Json json;

    public ReplyService(RoutingInputs inputs, PolicyService policies, CustomerKeys keys, PersonalDataCipher cipher,
            Outbox outbox, Json json, ReplyOutbox replies) {
        this.replies = replies;
        this.inputs = inputs;
        this.policies = policies;
        this.keys = keys;
        this.cipher = cipher;
        this.outbox = outbox;
        this.json = json;
    }

    /** Where a reply would go right now, and why; nothing is stored or sent. */
    @WithSession
    public Uni<Decision> preview(UUID requestId, Purpose purpose, int textLength) {
        return request(requestId)
                .chain(r -> policies.policy(r.customerId).chain(policy -> decide(r, purpose, textLength, policy)));
    }

    public Uni<ReplyResult> reply(UUID requestId, String text, Purpose purpose, String operator) {
        // a concurrent intake or merge that committed first on the request: the reply runs again on what they wrote
        return Conflicts.retried(() -> Panache.withTransaction(() -> request(requestId)
                .chain(r -> policies.policy(r.customerId)
                        .chain(policy -> decide(r, purpose, text.length(), policy))
                        .chain(decision -> store(r, text, purpose, operator, decision)))))
                .invoke(outbox::wakeRelay);
    }

    private Uni<Decision> decide(Request r, Purpose purpose, int textLength, CustomerPolicy policy) {
        if (!policy.everAsked(purpose)) {
            return Uni.createFrom().failure(new ProblemException(422, "no-consent-for-purpose",
                    "The customer never consented to " + purpose + " messages on any channel"));
        }
        return inputs.gather(r, purpose, textLength, policy, Set.of(), null).map(RouteReply::decide);
    }

    private Uni<ReplyResult> store(Request r, String text, Purpose purpose, String operator, Decision decision) {
        Message m = DirectReplies.message(r.id, Message.Author.OPERATOR, operator, decision.decidedAt());
        Reply reply = new Reply(m.id, r.id, purpose, m.createdAt);
        ReplyLifecycle.routed(reply, decision, json.write(decision));
        if (r.status != RequestStatus.CLOSED && r.status != RequestStatus.RESOLVED) {
            r.status = RequestStatus.WAITING_CUSTOMER;
        }
        r.updatedAt = m.createdAt;
        return keys.load(List.of(r.customerId))
                .invoke(() -> m.bodyEnc = cipher.seal(r.customerId, "body", text))
                .chain(() -> Panache.getSession().chain(s -> s.persist(m).chain(() -> s.persist(reply))))
                .chain(() -> decision.outcome() == Decision.Outcome.HELD ? Uni.createFrom().voidItem()
                        : replies.schedule(reply, decision.sendAt()))
                .chain(() -> outbox.event(decision.outcome() == Decision.Outcome.HELD
                        ? new ReplyHeld(m.id, r.id, r.customerId, decision.outcome(), null, "")
                        : new ReplyRouted(m.id, r.id, r.customerId, decision.outcome(), decision.channel())))
                .replaceWith(new ReplyResult(m.id, r.id, reply.status.name(), reply.channel, decision));
    }

    private static Uni<Request> request(UUID id) {
        return Panache.getSession().chain(s -> s.find(Request.class, id))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Request"));
    }

}
