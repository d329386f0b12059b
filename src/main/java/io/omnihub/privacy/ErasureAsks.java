package io.omnihub.privacy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.platform.Ids;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * Every statement on the {@code erasure_ask} table but its erasure ({@code ErasureRecords}): keyword erasures asked
 * for and not yet carried out. On the caller's session and transaction.
 */
@ApplicationScoped
@WithSession
class ErasureAsks {

    /** A claimed ask: the profile it was asked on, the sender's lookup hash, the channel. */
    record Claimed(UUID customerId, byte[] senderHash, String via) {
    }

    /** Records an ask in the caller's transaction, after what the session holds (the message's profile may be new). */
    Uni<Void> record(UUID customerId, UUID messageId, byte[] senderHash, String via, Instant at) {
        return Panache.getSession().chain(s -> s.flush().chain(() -> s.createNativeQuery("INSERT INTO erasure_ask"
                + " (id, customer_id, message_id, sender_hash, requested_via, asked_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
                .setParameter(1, Ids.next()).setParameter(2, customerId).setParameter(3, messageId)
                .setParameter(4, senderHash).setParameter(5, via).setParameter(6, at).executeUpdate()))
                .replaceWithVoid();
    }

    /** The asks this message made. */
    Uni<List<UUID>> ofMessage(UUID messageId) {
        return Panache.getSession().chain(s -> s.createNativeQuery("SELECT id FROM erasure_ask WHERE message_id = ?1",
                UUID.class).setParameter(1, messageId).getResultList());
    }

    /** Up to {@code limit} asks made before {@code askedBefore} whose claim, if any, ran out by {@code now}. */
    Uni<List<UUID>> leftBehind(Instant askedBefore, Instant now, int limit) {
        return Panache.getSession().chain(s -> s.createNativeQuery("SELECT id FROM erasure_ask WHERE asked_at < ?1"
                + " AND (claimed_until IS NULL OR claimed_until < ?2) ORDER BY coalesce(claimed_until, asked_at)"
                + " LIMIT ?3", UUID.class).setParameter(1, askedBefore).setParameter(2, now).setParameter(3, limit)
                .getResultList());
    }

    /** Claims the ask until {@code until}, unless another claim holds it at {@code now} or it is gone (null). */
    Uni<Claimed> claim(UUID id, Instant until, Instant now) {
        return Panache.getSession().chain(s -> s.createNativeQuery("UPDATE erasure_ask SET claimed_until = ?2"
                + " WHERE id = ?1 AND (claimed_until IS NULL OR claimed_until < ?3)"
                + " RETURNING customer_id, sender_hash, requested_via", Object[].class)
                .setParameter(1, id).setParameter(2, until).setParameter(3, now).getResultList())
                .map(rows -> rows.isEmpty() ? null
                        : new Claimed((UUID) rows.get(0)[0], (byte[]) rows.get(0)[1], (String) rows.get(0)[2]));
    }

    Uni<Void> drop(UUID id) {
        return Panache.getSession().chain(s -> s.createNativeQuery("DELETE FROM erasure_ask WHERE id = ?1")
                .setParameter(1, id).executeUpdate()).replaceWithVoid();
    }
}
