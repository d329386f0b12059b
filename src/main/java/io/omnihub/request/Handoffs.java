package io.omnihub.request;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.customer.crypto.PersonalDataCipher;
import io.omnihub.platform.Conflicts;
import io.omnihub.platform.Outbox;
import io.omnihub.platform.ProblemException;
import io.omnihub.request.RequestEvents.HandedOff;
import io.omnihub.request.RequestEvents.RequestStatusChanged;
import io.omnihub.request.RequestHistory.Action;
import io.omnihub.team.Teams;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * A chatbot's conversation handed off to people, and given back. The request enters the queue of the bot's hand-off
 * team with the transcript (its messages), the history records it, and the bot platform is told through the
 * outbox: {@code handoff.accepted} (the bot stops answering) and, once people resolved or closed the request,
 * {@code handoff.released} (the bot may answer again). Notices are recorded in the transaction that changes the
 * request, so none is lost or sent for a change rolled back; the delivery side pushes them, signed, in order per
 * request.
 */
@ApplicationScoped
public class Handoffs {

    public static final String TOPIC = "omnihub.bot-notices";
    public static final String ACCEPTED = "handoff.accepted";
    public static final String RELEASED = "handoff.released";
    static final String CHANNEL = "chatbot";

    private final Outbox outbox;
    private final PersonalDataCipher cipher;
    private final RequestHistoryRepository history;
    private final RequestRepository requests;
    private final Clock clock;
    private final Teams teams;

    Handoffs(Outbox outbox, PersonalDataCipher cipher, RequestHistoryRepository history, RequestRepository requests,
            Clock clock, Teams teams) {
        this.teams = teams;
        this.requests = requests;
        this.clock = clock;
        this.outbox = outbox;
        this.cipher = cipher;
        this.history = history;
    }

    /**
     * The bot's conversation is people's from {@code at}, in {@code team}: it enters the queue (NEW), or the operator
     * who took it owns it (OPEN). In the caller's transaction, with the customer's key loaded; the caller sets the
     * deadlines.
     */
    Uni<Void> handOff(Request r, RequestStatus status, String team, String actor, String operator, Instant at) {
        RequestHistory entry = RequestHistory.of(r.id, at, actor, Action.HANDED_OFF, r.team, team);
        HandedOff event = new HandedOff(r.id, r.team, team, r.originChannel, actor.startsWith("user:") ? "operator"
                : actor);
        r.team = team;
        r.status = status;
        r.handedOffAt = at;
        r.updatedAt = at;
        return history.persist(entry).chain(() -> outbox.event(event)).chain(() -> record(ACCEPTED, r, operator, at));
    }

    /**
     * A message hands the bot's conversation off (the bot's hand-off, or the customer's keyword): to {@code team}'s
     * queue, its deadlines from now, the bot's reason (if any) as its subject. The team's settings were read before
     * the caller's transaction ({@link RequestService#prepareFor}).
     */
    Uni<Void> byMessage(Request r, String team, Handling handling, String reason, Instant at) {
        return teams.cached(team).chain(settings -> handOff(r, RequestStatus.NEW, team, handling.actor(), null, at)
                .invoke(() -> {
                    r.due(settings);
                    if (reason != null) {
                        r.subjectEnc = cipher.seal(r.customerId, "subject", reason);
                    }
                }));
    }

    /**
     * The bot closed its conversation, resolved without people (what bot containment counts). Closing it again
     * changes nothing; once people have it, 409; 404 for a conversation Omnihub never saw.
     */
    public Uni<RequestSummary> closedByBot(String thread) {
        byte[] threadHash = RequestService.threadHash(cipher, CHANNEL, thread);
        return Conflicts.retried(() -> Panache.withTransaction(() -> requests.lockedHeadOfThread(CHANNEL, threadHash)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Conversation"))
                .chain(r -> {
                    if (r.botClosedAt != null) {
                        return Uni.createFrom().item(RequestSummary.of(r));
                    }
                    if (r.status != RequestStatus.BOT) {
                        return Uni.createFrom().failure(ProblemException.conflict("handed-off",
                                "People handle this conversation now; it is theirs to close"));
                    }
                    return requests.managed(r).chain(closed -> {
                        closed.status = RequestStatus.CLOSED;
                        closed.botClosedAt = clock.instant();
                        closed.updatedAt = closed.botClosedAt;
                        return outbox.event(RequestStatusChanged.of(closed, RequestStatus.BOT, null))
                                .replaceWith(RequestSummary.of(closed));
                    });
                })));
    }

    /** People are done with a handed-off conversation (resolved or closed); nothing for any other request. */
    Uni<Void> released(Request r, Instant at) {
        return r.handedOffAt == null ? Uni.createFrom().voidItem() : record(RELEASED, r, null, at);
    }

    private Uni<Void> record(String type, Request r, String operator, Instant at) {
        if (!CHANNEL.equals(r.originChannel)) {
            return Uni.createFrom().voidItem();
        }
        Notice notice = new Notice(type, cipher.open("thread", r.originThreadEnc), r.id, operator, at);
        return outbox.record(TOPIC, r.id.toString(), type, "request", r.id, notice, at).replaceWithVoid();
    }

    /** What the bot platform is told; {@code thread} is {@code <botId>:<conversationId>}. */
    @RegisterForReflection
    public record Notice(String type, String thread, UUID requestId, String operator, Instant at) {
    }
}
