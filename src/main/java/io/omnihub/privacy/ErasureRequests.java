package io.omnihub.privacy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * Every statement on the {@code erasure_request} table: an erasure recorded, carried out, and its destruction act
 * kept (the act holds no personal data, so the table is never erased). On the caller's session and transaction.
 */
@ApplicationScoped
@WithSession
class ErasureRequests {

    Uni<Void> record(UUID id, UUID customerId, String actor, String via, String legalBasis, Instant at,
            Instant deadline) {
        return Panache.getSession().chain(s -> s.createNativeQuery("INSERT INTO erasure_request (id, customer_id,"
                + " status, requested_by, requested_via, legal_basis, requested_at, deadline) VALUES (?1, ?2,"
                + " 'REQUESTED', ?3, ?4, ?5, ?6, ?7)").setParameter(1, id).setParameter(2, customerId)
                .setParameter(3, actor).setParameter(4, via).setParameter(5, legalBasis).setParameter(6, at)
                .setParameter(7, deadline).executeUpdate()).replaceWithVoid();
    }

    /** Up to {@code limit} erasures recorded and not carried out, the nearest deadline first, locked (skipping any). */
    Uni<List<UUID>> pending(int limit) {
        return Panache.getSession().chain(s -> s.createNativeQuery("SELECT id FROM erasure_request"
                + " WHERE status = 'REQUESTED' ORDER BY deadline LIMIT ?1 FOR UPDATE SKIP LOCKED", UUID.class)
                .setParameter(1, limit).getResultList());
    }

    /** The request as JSON text: customerId, requestedBy, requestedVia, requestedAt, deadline, legalBasis. */
    Uni<String> request(UUID id) {
        return Panache.getSession().chain(s -> s.createNativeQuery("SELECT json_build_object('customerId',"
                + " customer_id, 'requestedBy', requested_by, 'requestedVia', requested_via, 'requestedAt',"
                + " requested_at, 'deadline', deadline, 'legalBasis', legal_basis)::text FROM erasure_request"
                + " WHERE id = ?1", String.class).setParameter(1, id).getSingleResult());
    }

    /** Completed at {@code at}, with its destruction act (JSON text). */
    Uni<Void> completed(UUID id, Instant at, String act) {
        return Panache.getSession().chain(s -> s.createNativeQuery("UPDATE erasure_request SET status = 'COMPLETED',"
                + " completed_at = ?2, act = CAST(CAST(?3 AS text) AS jsonb) WHERE id = ?1").setParameter(1, id)
                .setParameter(2, at).setParameter(3, act).executeUpdate()).replaceWithVoid();
    }

    /** The destruction act of a customer (JSON text), or null. */
    Uni<String> act(UUID customerId) {
        return Panache.getSession().chain(s -> s.createNativeQuery("SELECT act::text FROM erasure_request"
                + " WHERE customer_id = ?1", String.class).setParameter(1, customerId).getSingleResultOrNull());
    }

    /** The status of the customer's erasure ({@code REQUESTED} or {@code COMPLETED}), or null when none is recorded. */
    Uni<String> status(UUID customerId) {
        return Panache.getSession().chain(s -> s.createNativeQuery("SELECT status FROM erasure_request"
                + " WHERE customer_id = ?1 FOR UPDATE", String.class).setParameter(1, customerId)
                .getSingleResultOrNull());
    }

    /**
     * An erasure this database lost (a restored backup older than it) is back from the erasure log: completed, with
     * its act; a request the backup holds as not yet carried out becomes that erasure.
     */
    Uni<Void> restored(UUID id, UUID customerId, String by, String via, String legalBasis, Instant requestedAt,
            Instant deadline, Instant completedAt, String act) {
        return Panache.getSession().chain(s -> s.createNativeQuery("INSERT INTO erasure_request (id, customer_id,"
                + " status, requested_by, requested_via, legal_basis, requested_at, deadline, completed_at, act)"
                + " VALUES (?1, ?2, 'COMPLETED', ?3, ?4, ?5, ?6, ?7, ?8, CAST(CAST(?9 AS text) AS jsonb))"
                + " ON CONFLICT (customer_id) DO UPDATE SET status = 'COMPLETED', completed_at = EXCLUDED.completed_at,"
                + " act = EXCLUDED.act").setParameter(1, id).setParameter(2, customerId).setParameter(3, by)
                .setParameter(4, via).setParameter(5, legalBasis).setParameter(6, requestedAt)
                .setParameter(7, deadline).setParameter(8, completedAt).setParameter(9, act).executeUpdate())
                .replaceWithVoid();
    }
}
