package io.omnihub.delivery;

import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.consent.PolicyService;
import io.omnihub.delivery.DeliveryEvents.ReplyHeld;
import io.omnihub.delivery.DeliveryEvents.ReplyRouted;
import io.omnihub.platform.Conflicts;
import io.omnihub.platform.Ids;
import io.omnihub.platform.Json;
import io.omnihub.platform.Outbox;
import io.omnihub.platform.ProblemException;
import io.omnihub.request.Message;
import io.omnihub.request.RequestFacts;
import io.omnihub.request.RequestLifecycle;
import io.omnihub.request.RequestOwnership;
import io.omnihub.request.RequestRepository;
import io.omnihub.request.RequestTemplates;
import io.omnihub.routing.CustomerPolicy;
import io.omnihub.routing.Decision;
import io.omnihub.routing.Purpose;
import io.omnihub.routing.RouteReply;
import io.omnihub.security.Caller;
import io.omnihub.security.Owners;
import io.omnihub.security.Visibility;
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
    private final DirectReplies direct;
    private final RequestRepository requests;
    private final RequestLifecycle requestLifecycle;
    private final Outbox outbox;
    private final Json json;
    private final RequestTemplates templates;
    private final Visibility visibility;

    public ReplyService(RoutingInputs inputs, PolicyService policies, DirectReplies direct,
            RequestRepository requests, RequestLifecycle requestLifecycle, Outbox outbox, Json json,
            ReplyOutbox replies, RequestTemplates templates, Visibility visibility) {
        this.visibility = visibility;
        this.templates = templates;
        this.replies = replies;
        this.inputs = inputs;
        this.policies = policies;
        this.direct = direct;
        this.requests = requests;
        this.requestLifecycle = requestLifecycle;
        this.outbox = outbox;
        this.json = json;
    }

    /** Where a reply would go right now, and why; nothing is stored or sent. */
    @WithSession
    public Uni<Decision> preview(UUID requestId, Purpose purpose, int textLength) {
        return request(requestId).chain(r -> decide(r, purpose, textLength, false));
    }

    /**
     * An operator's reply: 404 for a request the operator may not see, 410 for one whose customer was erased, checked
     * on the request the reply's transaction reads. The operator owns the request from now on if nobody did; a
     * request another operator owns is answered only when {@code takeOver} (409 otherwise).
     */
    public Uni<ReplyResult> reply(UUID requestId, String text, Purpose purpose, Caller operator, boolean takeOver) {
        return reply(requestId, text, purpose, operator, takeOver, false);
    }

    /**
     * As {@link #reply(UUID, String, Purpose, Caller, boolean)}, for a text that is the approved canned response
     * {@code templateId} filled in for the request, word for word (422 otherwise); null for free text.
     */
    public Uni<ReplyResult> reply(UUID requestId, String text, Purpose purpose, Caller operator, boolean takeOver,
            UUID templateId) {
        // checked before the reply's transaction: a template is read on a connection of its own, and only for a
        // request the operator may see (a 422 would tell that one exists)
        if (templateId == null) {
            return reply(requestId, text, purpose, operator, takeOver, false);
        }
        return visibility.request(requestId, operator)
                .chain(() -> templates.isApproved(requestId, templateId, text))
                .chain(approved -> approved ? reply(requestId, text, purpose, operator, takeOver, true)
                        : Uni.createFrom().failure(new ProblemException(422, "not-an-approved-template",
                                "The text is not the approved template " + templateId
                                        + " as filled in for this request, word for word")));
    }

    private Uni<ReplyResult> reply(UUID requestId, String text, Purpose purpose, Caller operator, boolean takeOver,
            boolean approvedTemplate) {
        // a concurrent intake or merge that committed first on the request: the reply runs again on what they wrote
        return Conflicts.retried(() -> outbox.transaction(() -> locked(requestId)
                .invoke(r -> visibility.request(new Owners.RequestScope(r.team(), r.erased()), operator))
                .invoke(r -> RequestOwnership.refuseIfOwnedByAnother(r.assignee(), operator.subject(), takeOver))
                .chain(r -> decide(r, purpose, text.length(), approvedTemplate)
                        .chain(decision -> store(r, text, purpose, Message.Author.OPERATOR, operator.actor(),
                                operator.subject(), decision, approvedTemplate)))));
    }

    /**
     * The satisfaction survey of a resolved request, by Omnihub itself: routed and gated like a reply, with the
     * purpose FEEDBACK; it changes neither the request's status nor its owner. None (null) for a request whose thread
     * erasure or retention emptied since it was due.
     */
    Uni<ReplyResult> survey(UUID requestId, String question) {
        return Conflicts.retried(() -> outbox.transaction(() -> locked(requestId)
                .chain(r -> r.erased() ? Uni.createFrom().nullItem()
                        : decide(r, Purpose.FEEDBACK, question.length(), false)
                                .chain(decision -> store(r, question, Purpose.FEEDBACK, Message.Author.SYSTEM,
                                        "system:csat", null, decision, false)))));
    }

    /**
     * The decision, on the customer's policy as the cache holds it, or as read with routing's facts: a purpose the
     * customer was never asked about is refused (422) by a cached policy before any statement.
     */
    private Uni<Decision> decide(RequestFacts r, Purpose purpose, int textLength, boolean approvedTemplate) {
        return policies.lookup(r.customerId())
                .invoke(policy -> neverAsked(policy.cached(), purpose))
                .chain(policy -> inputs.gather(r, purpose, textLength, policy, Set.of(), null))
                .map(request -> {
                    neverAsked(request.policy(), purpose);
                    return RouteReply.decide(approvedTemplate ? request.asApprovedTemplate() : request);
                });
    }

    private static void neverAsked(CustomerPolicy policy, Purpose purpose) {
        if (policy != null && !policy.everAsked(purpose)) {
            throw new ProblemException(422, "no-consent-for-purpose",
                    "The customer never consented to " + purpose + " messages on any channel");
        }
    }

    private Uni<ReplyResult> store(RequestFacts r, String text, Purpose purpose, Message.Author author, String actor,
            String operator, Decision decision, boolean approvedTemplate) {
        Reply reply = new Reply(Ids.next(), r, purpose, decision.decidedAt(), approvedTemplate);
        ReplyLifecycle.routed(reply, decision, json.write(decision));
        // the outbox entries first: the statement that writes the message and its reply writes them too
        return requestLifecycle.answeredLocked(r.id(), reply.createdAt, operator, actor,
                decision.outcome() == Decision.Outcome.HELD)
                .chain(() -> decision.outcome() == Decision.Outcome.HELD ? Uni.createFrom().voidItem()
                        : replies.schedule(reply, decision.sendAt()))
                .chain(() -> outbox.event(decision.outcome() == Decision.Outcome.HELD
                        ? ReplyHeld.of(reply, r, decision, null, "", operator)
                        : ReplyRouted.of(reply, r, decision, operator)))
                .chain(() -> direct.store(r, reply, author, actor, text))
                .replaceWith(new ReplyResult(reply.messageId, r.id(), reply.status.name(), reply.channel, decision));
    }

    private Uni<RequestFacts> request(UUID id) {
        return requests.facts(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Request"));
    }

    /** The request, its row locked until the transaction ends: the answer writes it with its last statement. */
    private Uni<RequestFacts> locked(UUID id) {
        return requests.lockedFacts(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Request"));
    }

}
