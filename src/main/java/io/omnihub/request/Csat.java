package io.omnihub.request;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.platform.Outbox;
import io.omnihub.request.RequestEvents.CsatAnswered;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The satisfaction survey of a request, on the request's side: due when people resolve a request they answered,
 * claimed once for sending (the delivery side sends it), and the customer's answer (1-5) read from the next message
 * on the thread within {@code omnihub.requests.csat.answer-within}.
 */
@ApplicationScoped
public class Csat {

    /** "4", "4.", "4!", "4/5". */
    private static final Pattern RATING = Pattern.compile("\\s*([1-5])\\s*(?:/\\s*5)?\\s*[.!]?\\s*");

    private final RequestRepository requests;
    private final RequestConfig config;
    private final Outbox outbox;
    private final Clock clock;

    Csat(RequestRepository requests, RequestConfig config, Outbox outbox, Clock clock) {
        this.requests = requests;
        this.config = config;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * A request just resolved: its survey is due if people answered it and none went before, and its thread is still
     * there (erasure and retention empty it).
     */
    void resolved(Request r) {
        if (config.csat().enabled() && r.firstResponseAt != null && r.surveySentAt == null
                && !RequestFacts.of(r).erased()) {
            r.surveyDueAt = r.resolvedAt;
        }
    }

    /** The customer's answer (1-5), if this message is one: the request's survey went out lately, unanswered. */
    Short rating(Request r, List<Turn> turns, Instant now) {
        if (r.surveySentAt == null || r.csat != null || r.status != RequestStatus.RESOLVED
                || r.surveySentAt.plus(config.csat().answerWithin()).isBefore(now) || turns.size() != 1) {
            return null;
        }
        Matcher m = RATING.matcher(turns.get(0).text() == null ? "" : turns.get(0).text());
        return m.matches() ? Short.valueOf(m.group(1)) : null;
    }

    /** Stores the answer on the request, which stays resolved; in the caller's transaction. */
    Uni<Void> answered(Request r, short rating, Instant at) {
        r.csat = rating;
        r.csatAt = at;
        return outbox.event(new CsatAnswered(r.id, r.team, rating, r.originChannel, r.assignee == null ? "" : r.assignee))
                .replaceWithVoid();
    }

    /** Resolved requests whose survey is due, oldest first. */
    public Uni<List<UUID>> due(int limit) {
        return Panache.withSession(() -> requests.surveysDue(limit));
    }

    /**
     * Claims a due survey for sending, once across replicas; false when another took it or nothing is due. A survey
     * claimed and then not sent (a crash in between) is not sent again: at most once.
     */
    public Uni<Boolean> claim(UUID id) {
        return Panache.withTransaction(() -> requests.claimSurvey(id, clock.instant()));
    }
}
