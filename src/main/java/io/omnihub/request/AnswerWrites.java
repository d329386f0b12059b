package io.omnihub.request;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.platform.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * What an answer changes on a request whose row the answer's transaction locked when it read it
 * ({@link RequestRepository#lockedFacts}): the request's status, owner and clocks, and the history entry of a change of
 * owner, carried by the transaction's last statement ({@link Outbox#carry}), the one that writes the answer's message.
 * Hibernate's flush wrote them with a statement each before that one (issue 17's statement budget per reply). The lock
 * keeps every other writer off the row until the transaction ends, so the version the update checks is the one read.
 */
@ApplicationScoped
@WithSession
class AnswerWrites {

    static final String REQUEST = "request_answered AS (UPDATE request SET status = ?3, assignee = ?4,"
            + " assigned_at = ?5, first_response_at = ?6, updated_at = ?7, version = version + 1"
            + " WHERE id = ?1 AND version = ?2)";
    static final String HISTORY = "request_history_answered AS (INSERT INTO request_history (id, request_id, at, actor,"
            + " action, previous, current) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7))";

    private final Outbox outbox;

    AnswerWrites(Outbox outbox) {
        this.outbox = outbox;
    }

    /**
     * The answered request's new state, carried; the request leaves the session, whose flush would write it again
     * (nothing in the answer's transaction reads it later).
     */
    Uni<Void> request(Request r) {
        return Panache.getSession().invoke(session -> session.detach(r)).chain(() -> outbox.carry(REQUEST, r.id,
                r.version, r.status, r.assignee, r.assignedAt, r.firstResponseAt, r.updatedAt));
    }

    /** A history entry without a note, carried. */
    Uni<Void> history(RequestHistory h) {
        return outbox.carry(HISTORY, h.id, h.requestId, h.at, h.actor, h.action, h.previous, h.current);
    }
}
