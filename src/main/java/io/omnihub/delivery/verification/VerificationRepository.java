package io.omnihub.delivery.verification;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.platform.NativeRows;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * Every statement on the {@code verification} table (its erasure is {@code DeliveryErasure}'s). A verification has no
 * entity: its rows are written once and closed once, by these statements, on the caller's session and transaction.
 */
@ApplicationScoped
@WithSession
class VerificationRepository {

    /** A verification as a code check reads it, locked. */
    record Locked(UUID id, UUID customerId, UUID contactPointId, String status, int attempts, Instant expiresAt,
            UUID requestId, String requestedBy) {
    }

    /** How many codes went to one contact in the last hour and in the last day. */
    record Sent(long lastHour, long lastDay) {
    }

    /** A new verification, pending. */
    record Started(UUID id, UUID customerId, UUID contactPointId, byte[] targetHash, String channel, UUID requestId,
            UUID messageId, String requestedBy, Instant createdAt, Instant expiresAt) {
    }

    /** These customers' verifications as a JSON array, oldest first, as a privacy export shows them. */
    Uni<String> exported(List<UUID> customerIds) {
        return Panache.getSession().chain(s -> s.createNativeQuery("SELECT coalesce("
                + "json_agg(json_build_object('id', id, 'contactPointId', contact_point_id, 'channel', channel,"
                + " 'status', status, 'attempts', attempts, 'requestId', request_id, 'requestedBy', requested_by,"
                + " 'createdAt', created_at, 'expiresAt', expires_at, 'completedAt', completed_at)"
                + " ORDER BY created_at), '[]')::text FROM verification WHERE customer_id IN (?1)", String.class)
                .setParameter(1, customerIds).getSingleResult());
    }

    /** The codes sent to the contact with this keyed hash since {@code hourAgo} and since {@code dayAgo}. */
    Uni<Sent> sentTo(byte[] targetHash, Instant hourAgo, Instant dayAgo) {
        return Panache.getSession().chain(s -> s.createNativeQuery("SELECT count(*) FILTER (WHERE created_at > ?2),"
                + " count(*) FROM verification WHERE target_hash = ?1 AND created_at > ?3", Object[].class)
                .setParameter(1, targetHash).setParameter(2, hourAgo).setParameter(3, dayAgo).getSingleResult())
                .map(row -> new Sent(((Number) row[0]).longValue(), ((Number) row[1]).longValue()));
    }

    /** Cancels the conversation's pending verification, if any. */
    Uni<Void> cancelPending(UUID requestId, Instant at) {
        return Panache.getSession().chain(s -> s.createNativeQuery("UPDATE verification SET status = 'CANCELLED',"
                + " completed_at = ?2 WHERE request_id = ?1 AND status = 'PENDING'").setParameter(1, requestId)
                .setParameter(2, at).executeUpdate()).replaceWithVoid();
    }

    Uni<Void> insert(Started v) {
        return Panache.getSession().chain(s -> s.createNativeQuery("INSERT INTO verification (id, customer_id,"
                + " contact_point_id, target_hash, channel, request_id, message_id, status, requested_by, created_at,"
                + " expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'PENDING', ?8, ?9, ?10)")
                .setParameter(1, v.id()).setParameter(2, v.customerId()).setParameter(3, v.contactPointId())
                .setParameter(4, v.targetHash()).setParameter(5, v.channel()).setParameter(6, v.requestId())
                .setParameter(7, v.messageId()).setParameter(8, v.requestedBy()).setParameter(9, v.createdAt())
                .setParameter(10, v.expiresAt()).executeUpdate()).replaceWithVoid();
    }

    /** The pending, unexpired verification whose code this message carries, or null. */
    Uni<UUID> pendingOfMessage(UUID messageId, Instant now) {
        return Panache.getSession().chain(s -> s.createNativeQuery("SELECT id FROM verification WHERE message_id = ?1"
                + " AND status = 'PENDING' AND expires_at > ?2", UUID.class).setParameter(1, messageId)
                .setParameter(2, now).getSingleResultOrNull());
    }

    /** The conversation's pending verification, or null. */
    Uni<UUID> pendingOfRequest(UUID requestId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "SELECT id FROM verification WHERE request_id = ?1 AND status = 'PENDING'", UUID.class)
                .setParameter(1, requestId).getSingleResultOrNull());
    }

    /** The verification, locked until the caller's transaction ends; or null. */
    Uni<Locked> locked(UUID id) {
        return Panache.getSession().chain(s -> s.createNativeQuery("SELECT customer_id, contact_point_id, status,"
                + " attempts, expires_at, request_id, requested_by FROM verification WHERE id = ?1 FOR UPDATE",
                Object[].class).setParameter(1, id).getSingleResultOrNull())
                .map(row -> row == null ? null
                        : new Locked(id, (UUID) row[0], (UUID) row[1], (String) row[2], ((Number) row[3]).intValue(),
                                NativeRows.instant(row[4]), (UUID) row[5], (String) row[6]));
    }

    /** A try recorded: the tries so far, and the status they leave (closed at {@code completedAt} unless null). */
    Uni<Void> tried(UUID id, int attempts, String status, Instant completedAt) {
        return Panache.getSession().chain(s -> s.createNativeQuery("UPDATE verification SET attempts = ?2,"
                + " status = ?3, completed_at = ?4 WHERE id = ?1").setParameter(1, id).setParameter(2, attempts)
                .setParameter(3, status).setParameter(4, completedAt).executeUpdate()).replaceWithVoid();
    }

    /** Closes the verification with this status. */
    Uni<Void> close(UUID id, String status, Instant at) {
        return Panache.getSession().chain(s -> s.createNativeQuery("UPDATE verification SET status = ?2,"
                + " completed_at = ?3 WHERE id = ?1").setParameter(1, id).setParameter(2, status).setParameter(3, at)
                .executeUpdate()).replaceWithVoid();
    }
}
