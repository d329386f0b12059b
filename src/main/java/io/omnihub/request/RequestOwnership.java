package io.omnihub.request;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.customer.crypto.CustomerKeys;
import io.omnihub.customer.crypto.PersonalDataCipher;
import io.omnihub.platform.Conflicts;
import io.omnihub.platform.ProblemException;
import io.omnihub.request.RequestHistory.Action;
import io.omnihub.team.Roster;
import io.omnihub.team.Teams;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Who owns a request: an operator takes it (or takes it over from another, when told to), a supervisor assigns or
 * releases it, and replying to a request nobody owns takes it. Every change is recorded in the request's history.
 * Two operators taking one request at once: the request's version lets one commit, the other runs again and finds
 * it owned, so exactly one owns it.
 */
@ApplicationScoped
public class RequestOwnership {

    private final RequestRepository requests;
    private final RequestHistoryRepository history;
    private final Roster roster;
    private final Clock clock;
    private final CustomerKeys keys;
    private final PersonalDataCipher cipher;
    private final Teams teams;
    private final Handoffs handoffs;
    private final AnswerWrites answers;

    RequestOwnership(RequestRepository requests, RequestHistoryRepository history, Roster roster, Clock clock,
            CustomerKeys keys, PersonalDataCipher cipher, Teams teams, Handoffs handoffs, AnswerWrites answers) {
        this.answers = answers;
        this.teams = teams;
        this.handoffs = handoffs;
        this.keys = keys;
        this.cipher = cipher;
        this.requests = requests;
        this.history = history;
        this.roster = roster;
        this.clock = clock;
    }

    /** The operator takes the request; 409 if another owns it, unless {@code takeOver}. */
    public Uni<RequestSummary> take(UUID id, String subject, boolean takeOver, String actor) {
        return change(id, r -> {
            refuseIfOwnedByAnother(r.assignee, subject, takeOver);
            return owner(r, subject, actor, taking(r), clock.instant());
        });
    }

    /**
     * A supervisor gives the request to an operator of its team, who must have signed in once (the roster); 422
     * otherwise.
     */
    public Uni<RequestSummary> assign(UUID id, String subject, String actor) {
        // read before the transaction: a second connection is never awaited while one is held
        return roster.find(subject).chain(member -> change(id, r -> {
            if (member.isEmpty() || !member.get().in(r.team)) {
                return Uni.createFrom().failure(ProblemException.invalidField("operator",
                        "must be an operator of the request's team who signed in at least once"));
            }
            return owner(r, subject, actor, Action.ASSIGNED, clock.instant());
        }));
    }

    /** The request goes back to its team's queue; an operator may release only what they own (409 otherwise). */
    public Uni<RequestSummary> release(UUID id, String subject, boolean supervisor, String actor) {
        return change(id, r -> {
            if (!supervisor) {
                refuseIfOwnedByAnother(r.assignee, subject, false);
            }
            return owner(r, null, actor, Action.RELEASED, clock.instant());
        });
    }

    /**
     * The request moves to another team, with a note saying why; nobody owns it there until someone takes it. The
     * caller's team scope was checked on the request; the target may be any team (an escalation leaves the
     * operator's sight).
     */
    public Uni<RequestSummary> transfer(UUID id, String team, String note, String actor) {
        // the new team's targets, from when the request opened: read before the transaction
        return teams.cached(team).chain(settings -> change(id, r -> {
            if (team.equals(r.team)) {
                return Uni.createFrom().failure(ProblemException.invalidField("team", "is the request's team already"));
            }
            return keys.load(List.of(r.customerId)).chain(() -> {
                // released first, then moved: in this order in the history
                Uni<Void> released = r.assignee == null ? Uni.createFrom().voidItem()
                        : owner(r, null, actor, Action.RELEASED, clock.instant());
                Instant now = clock.instant();
                RequestHistory entry = RequestHistory.of(r.id, now, actor, Action.TRANSFERRED, r.team, team);
                entry.noteEnc = cipher.seal(r.customerId, "note", note);
                r.team = team;
                r.updatedAt = now;
                r.due(settings);
                return released.chain(() -> history.persist(entry)).replaceWithVoid();
            });
        }));
    }

    /**
     * In the caller's transaction, for a reply by {@code subject}: it becomes the owner of a request nobody owns, or
     * of one it takes over (the caller checked {@link #refuseIfOwnedByAnother} first). The history entry is
     * {@code carried} by the transaction's last statement ({@link AnswerWrites}) or persisted.
     */
    Uni<Void> answeredBy(Request r, String subject, Instant at, String actor, boolean carried) {
        return subject == null ? Uni.createFrom().voidItem()
                : owner(r, subject, actor, taking(r), at, carried ? answers::history : history::persist);
    }

    /** 409 when someone other than {@code subject} owns the request and it is not to be taken over. */
    public static void refuseIfOwnedByAnother(String assignee, String subject, boolean takeOver) {
        if (assignee != null && !assignee.equals(subject) && !takeOver) {
            throw new ProblemException(409, "owned-by-another", assignee + " owns this request: take it over to"
                    + " act on it (takeOver: true)");
        }
    }

    private Uni<RequestSummary> change(UUID id, Function<Request, Uni<Void>> change) {
        return Conflicts.retried(() -> Panache.withTransaction(() -> requests.findById(id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Request"))
                .chain(r -> change.apply(r).replaceWith(() -> RequestSummary.of(r)))));
    }

    /** Taking a request: from nobody, or over from another operator. */
    private static Action taking(Request r) {
        return r.assignee == null ? Action.TAKEN : Action.TAKEN_OVER;
    }

    private Uni<Void> owner(Request r, String subject, String actor, Action action, Instant at) {
        return owner(r, subject, actor, action, at, history::persist);
    }

    private Uni<Void> owner(Request r, String subject, String actor, Action action, Instant at,
            Function<RequestHistory, Uni<?>> record) {
        if (Objects.equals(r.assignee, subject)) {
            return Uni.createFrom().voidItem(); // idempotent: nothing changes, nothing is recorded
        }
        String previous = r.assignee;
        r.assignee = subject;
        r.assignedAt = subject == null ? null : at;
        // an operator taking a bot's conversation hands it off; its deadlines count from now where this replica
        // knows the team's targets (the hand-offs of the bot and the customer always do)
        Uni<Void> handOff = r.status != RequestStatus.BOT || subject == null ? Uni.createFrom().voidItem()
                : keys.load(List.of(r.customerId)).chain(() -> handoffs.handOff(r, RequestStatus.OPEN, r.team, actor,
                        subject, at)).invoke(() -> teams.known(r.team).ifPresent(r::due));
        return handOff.chain(() -> record.apply(RequestHistory.of(r.id, at, actor, action, previous, subject)))
                .replaceWithVoid();
    }
}
