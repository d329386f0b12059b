package io.omnihub.delivery;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.hibernate.LockMode;

import io.omnihub.platform.Json;
import io.omnihub.routing.Purpose;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * Every query of replies. Each joins the caller's session and transaction when there is one (the relay's, a
 * receipt's), or opens a session for itself.
 */
@ApplicationScoped
@WithSession
class ReplyRepository implements PanacheRepositoryBase<Reply, UUID> {

    private static final String WRITE_SENT = "UPDATE reply p SET status = r.status, attempts = r.attempts,"
            + " dispatched_at = r.dispatched_at, contact_point_id = r.contact_point_id, version = p.version + 1"
            + " FROM jsonb_to_recordset(CAST(CAST(?1 AS text) AS jsonb))"
            + " AS r(message_id uuid, status text, attempts integer, dispatched_at timestamptz, contact_point_id uuid)"
            + " WHERE p.message_id = r.message_id";

    private final Json json;

    ReplyRepository(Json json) {
        this.json = json;
    }

    /**
     * Writes what a relay batch changed of these replies, which it holds locked (the attempt, when it went and to which
     * contact, the status) with one statement rather than one each, and takes them out of the session, whose flush
     * would write them again.
     */
    Uni<Void> writeSent(List<Reply> sent) {
        if (sent.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Map<String, Object>> rows = sent.stream().map(p -> {
            Map<String, Object> row = new HashMap<>(); // the contact may be null: the origin thread
            row.put("message_id", p.messageId.toString());
            row.put("status", p.status.name());
            row.put("attempts", p.attempts);
            row.put("dispatched_at", p.dispatchedAt == null ? null : p.dispatchedAt.toString());
            row.put("contact_point_id", p.contactPointId == null ? null : p.contactPointId.toString());
            return row;
        }).toList();
        return getSession().chain(s -> {
            sent.forEach(s::detach);
            return s.createNativeQuery(WRITE_SENT).setParameter(1, json.write(rows)).executeUpdate();
        }).replaceWithVoid();
    }

    /** The reply, locked: a receipt and the relay's check of the same reply run one after the other. */
    Uni<Reply> locked(UUID messageId) {
        return findById(messageId, LockModeType.PESSIMISTIC_WRITE);
    }

    /** The reply the channel knows by its own id (an SMS gateway's MessageSid), locked; or null. */
    Uni<Reply> lockedByExternalId(String channel, String externalId) {
        return find("channel = ?1 and externalId = ?2", channel, externalId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /** These replies, locked in id order (so that two relays never deadlock on them). */
    Uni<List<Reply>> lockedInOrder(Collection<UUID> messageIds) {
        return find("messageId in ?1 order by messageId", messageIds).withLock(LockModeType.PESSIMISTIC_WRITE)
                .list();
    }

    /** These replies, as they stand. */
    Uni<List<Reply>> of(Collection<UUID> messageIds) {
        return messageIds.isEmpty() ? Uni.createFrom().item(List.of()) : list("messageId in ?1", messageIds);
    }

    /**
     * Replies on this channel dispatched before {@code before} and still without a receipt, oldest first, locked;
     * those another replica holds are skipped.
     */
    Uni<List<Reply>> unconfirmed(String channel, Instant before, int limit) {
        return getSession().chain(s -> s.createSelectionQuery("from Reply where status = ?1 and channel = ?2"
                + " and dispatchedAt < ?3 order by dispatchedAt", Reply.class)
                .setParameter(1, ReplyStatus.DISPATCHED).setParameter(2, channel).setParameter(3, before)
                .setMaxResults(limit).setLockMode(LockMode.UPGRADE_SKIPLOCKED).getResultList());
    }

    /** How many replies went to each of these requests since then, held and failed ones aside, by request. */
    Uni<Map<UUID, Long>> sentSince(Collection<UUID> requestIds, Instant since) {
        if (requestIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return getSession().chain(s -> s.createSelectionQuery("select requestId, count(*) from Reply"
                + " where requestId in ?1 and createdAt > ?2 and status not in ?3 group by requestId", Object[].class)
                .setParameter(1, requestIds).setParameter(2, since)
                .setParameter(3, List.of(ReplyStatus.HELD, ReplyStatus.FAILED)).getResultList())
                .map(rows -> {
                    Map<UUID, Long> counts = new HashMap<>();
                    rows.forEach(row -> counts.put((UUID) row[0], (Long) row[1]));
                    return counts;
                });
    }

    /** The oldest held replies, at most {@code limit}; a held survey is no operator's work, and never resent. */
    Uni<List<Reply>> held(int limit) {
        return find("status = ?1 and purpose <> ?2 order by createdAt, messageId", ReplyStatus.HELD, Purpose.FEEDBACK)
                .page(0, limit).list();
    }

    /** How many replies are held on each of these requests. */
    Uni<Map<UUID, Long>> heldCounts(Collection<UUID> requestIds) {
        if (requestIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return getSession().chain(s -> s.createSelectionQuery("select requestId, count(*) from Reply"
                + " where requestId in ?1 and status = ?2 and purpose <> ?3 group by requestId", Object[].class)
                .setParameter(1, requestIds).setParameter(2, ReplyStatus.HELD).setParameter(3, Purpose.FEEDBACK)
                .getResultList())
                .map(rows -> {
                    Map<UUID, Long> counts = new HashMap<>();
                    rows.forEach(row -> counts.put((UUID) row[0], (Long) row[1]));
                    return counts;
                });
    }

    /** The replies of these requests held and written after {@code since}, oldest first. */
    Uni<List<Reply>> heldOn(Collection<UUID> requestIds, Instant since) {
        return requestIds.isEmpty() ? Uni.createFrom().item(List.of())
                : list("requestId in ?1 and status = ?2 and createdAt > ?3 and purpose <> ?4 order by createdAt",
                        requestIds, ReplyStatus.HELD, since, Purpose.FEEDBACK);
    }

}
