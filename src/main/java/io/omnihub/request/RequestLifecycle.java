package io.omnihub.request;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.customer.crypto.CustomerKeys;
import io.omnihub.platform.Conflicts;
import io.omnihub.platform.Outbox;
import io.omnihub.platform.ProblemException;
import io.omnihub.request.RequestEvents.FirstResponse;
import io.omnihub.request.RequestEvents.RequestStatusChanged;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * A request's status lifecycle once it is open: answered by an operator (or held), moved along by an operator, sent
 * back to the queue when a reply was held at publishing. What arrives from customers is {@link RequestService}'s.
 */
@ApplicationScoped
public class RequestLifecycle {

    private final RequestRepository requests;
    private final RequestOwnership ownership;
    private final Outbox outbox;
    private final Clock clock;
    private final Csat csat;
    private final CustomerKeys keys;
    private final Handoffs handoffs;
    private final AnswerWrites answers;

    public RequestLifecycle(RequestRepository requests, RequestOwnership ownership, Outbox outbox, Clock clock,
            Csat csat, CustomerKeys keys, Handoffs handoffs, AnswerWrites answers) {
        this.answers = answers;
        this.requests = requests;
        this.ownership = ownership;
        this.outbox = outbox;
        this.clock = clock;
        this.csat = csat;
        this.keys = keys;
        this.handoffs = handoffs;
    }

    /**
     * An operator answered the request at {@code at}: it now waits for the customer, unless it was resolved or closed,
     * and the operator owns it (see {@link RequestOwnership#answeredBy}). An answer that was held reached nobody: the
     * request stays in the operators' queue (a NEW one becomes OPEN). In the caller's transaction.
     */
    public Uni<Void> answered(UUID requestId, Instant at, String operator, String actor, boolean held) {
        return requests.findById(requestId).chain(r -> answered(r, at, operator, actor, held, false));
    }

    /**
     * {@link #answered}, for a request the caller's transaction read with its row's lock
     * ({@link RequestRepository#lockedFacts}), in an {@link Outbox#batched} work whose last statement writes the
     * answer: it carries the request's new state and history entry too ({@link AnswerWrites}). A bot's conversation
     * that the answer hands off is written as an entity: the hand-off writes more. So is a request read without the
     * lock, whose version another writer may move on before the last statement (nothing would see that update fail).
     */
    public Uni<Void> answeredLocked(UUID requestId, Instant at, String operator, String actor, boolean held) {
        return requests.findById(requestId).chain(r -> requests.rowLocked(r).chain(locked -> !locked
                || r.status == RequestStatus.BOT ? answered(r, at, operator, actor, held, false)
                        : answered(r, at, operator, actor, held, true).call(() -> answers.request(r))));
    }

    private Uni<Void> answered(Request r, Instant at, String operator, String actor, boolean held, boolean carried) {
        // an operator answering a bot's conversation takes it (a hand-off) before it waits for the customer
        return ownership.answeredBy(r, operator, at, actor, carried).chain(() -> {
            if (r.status == RequestStatus.BOT) {
                return Uni.createFrom().voidItem(); // a message of Omnihub's own: the bot keeps the conversation
            }
            r.updatedAt = at;
            if (held) {
                stillToAnswer(r);
                return Uni.createFrom().voidItem();
            }
            if (r.status != RequestStatus.CLOSED && r.status != RequestStatus.RESOLVED) {
                r.status = RequestStatus.WAITING_CUSTOMER;
            }
            if (r.firstResponseAt != null) {
                return Uni.createFrom().voidItem();
            }
            r.firstResponseAt = at;
            return outbox.event(new FirstResponse(r.id, r.customerId, r.team, r.originChannel,
                    operator == null ? "" : operator, r.secondsQueued(at))).replaceWithVoid();
        });
    }

    /**
     * A reply of the request was held after it was written (the check before publishing stopped it), so the customer
     * still waits for an answer: a request waiting for the customer goes back to the queue. In the caller's
     * transaction, by one statement that loads nothing (the relay holds requests in its session only to read them).
     */
    public Uni<Void> replyHeld(UUID requestId) {
        return requests.backToQueue(requestId);
    }

    private static void stillToAnswer(Request r) {
        if (r.status == RequestStatus.NEW || r.status == RequestStatus.WAITING_CUSTOMER) {
            r.status = RequestStatus.OPEN;
        }
    }

    /** Moves a request along its lifecycle, as an operator does. */
    public Uni<RequestSummary> changeStatus(UUID id, RequestStatus next) {
        return Conflicts.retried(() -> Panache.withTransaction(() -> requests.findById(id).chain(r -> {
            if (r == null) {
                return Uni.createFrom().failure(ProblemException.notFound("Request"));
            }
            if (r.status == next) {
                return Uni.createFrom().item(RequestSummary.of(r)); // PUT is idempotent
            }
            if (!r.status.canMoveTo(next)) {
                return Uni.createFrom().failure(ProblemException.conflict("invalid-transition",
                        "A " + r.status + " request cannot become " + next));
            }
            RequestStatus previous = r.status;
            r.status = next;
            r.updatedAt = clock.instant();
            // its resolution time is counted once, at its first resolution (a reopened request resolved again is not
            // a second resolution of the customer's question)
            boolean firstResolution = next == RequestStatus.RESOLVED && r.resolvedAt == null;
            r.resolvedAt = next == RequestStatus.RESOLVED ? r.updatedAt : r.resolvedAt;
            if (next == RequestStatus.RESOLVED) {
                csat.resolved(r);
            }
            // people are done with a bot's conversation: the bot may answer again
            boolean done = next == RequestStatus.RESOLVED || next == RequestStatus.CLOSED;
            return outbox.event(RequestStatusChanged.of(r, previous,
                    firstResolution ? r.secondsQueued(r.updatedAt) : null))
                    .call(() -> !done || r.handedOffAt == null ? Uni.createFrom().voidItem()
                            : keys.load(List.of(r.customerId)).chain(() -> handoffs.released(r, r.updatedAt)))
                    .replaceWith(RequestSummary.of(r));
        })));
    }
}
