package io.omnihub.delivery;

import static io.omnihub.platform.SessionSql.column;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.hibernate.LockMode;

import io.omnihub.platform.Hql;
import io.omnihub.platform.SessionSql;
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

    /**
     * The insert of a new reply, after its message's insert ({@link io.omnihub.request.MessageRepository#OUTBOUND},
     * whose ?1 and ?2 are the message's and the request's ids) in the same statement; its own values ?7 to ?16 are
     * {@link #created}'s. Attempts, redeliveries and failed channels start at their columns' defaults.
     */
    static final String CREATED = "INSERT INTO reply (message_id, request_id, version, status, purpose, channel,"
            + " routing_decision, send_at, contact_point_id, created_at, approved_template, team, origin_channel)"
            + " VALUES (?1, ?2, 0, ?7, ?8, ?9, CAST(CAST(?10 AS text) AS jsonb), ?11, ?12, ?13, ?14, ?15, ?16)";

    /** {@link #CREATED}'s own values for a reply not yet written. */
    static Object[] created(Reply r) {
        return new Object[] { r.status, r.purpose, r.channel, r.routingDecision, r.sendAt, r.contactPointId,
                r.createdAt, r.approvedTemplate, r.team, r.originChannel };
    }

    /**
     * Arrays rather than a JSON set: the planner sizes an {@code unnest} by its arrays, where it takes a JSON set for a
     * hundred rows, and on a table of a few thousand replies it then scanned all of them for each batch. Each array
     * comes as text, so that the client binds a string.
     */
    static final String WRITE_SENT = "UPDATE reply p SET status = r.status, attempts = r.attempts,"
            + " dispatched_at = r.dispatched_at, contact_point_id = r.contact_point_id, version = p.version + 1"
            + " FROM unnest(CAST(?1 AS uuid[]), CAST(?2 AS text[]), CAST(?3 AS integer[]),"
            + " CAST(?4 AS timestamptz[]), CAST(?5 AS uuid[]))"
            + " AS r(message_id, status, attempts, dispatched_at, contact_point_id)"
            + " WHERE p.message_id = r.message_id";

    /**
     * Writes what a relay batch changed of these replies, which it holds locked (the attempt, when it went and to which
     * contact, the status) with one statement rather than one each, and takes them out of the session, whose flush
     * would write them again.
     */
    Uni<Void> writeSent(List<Reply> sent) {
        if (sent.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return getSession().invoke(s -> sent.forEach(s::detach))
                .chain(() -> SessionSql.update(WRITE_SENT, column(sent, p -> p.messageId, UUID[]::new),
                        column(sent, p -> p.status.name(), String[]::new),
                        column(sent, p -> p.attempts, Integer[]::new),
                        column(sent, p -> p.dispatchedAt, Instant[]::new),
                        column(sent, p -> p.contactPointId, UUID[]::new))) // null: the origin thread
                .replaceWithVoid();
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
        Hql q = Hql.of("messageId in ?1 order by messageId", messageIds);
        return find(q.text(), q.values()).withLock(LockModeType.PESSIMISTIC_WRITE)
                .list();
    }

    /** These replies, as they stand. */
    Uni<List<Reply>> of(Collection<UUID> messageIds) {
        if (messageIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Hql q = Hql.of("messageId in ?1", messageIds);
        return list(q.text(), q.values());
    }

    /**
     * Replies on these channels dispatched before {@code before} and still without a receipt, oldest first, locked;
     * those another replica holds are skipped.
     */
    Uni<List<Reply>> unconfirmed(Collection<String> channels, Instant before, int limit) {
        Hql q = Hql.of("from Reply where status = ?1 and channel in ?2 and dispatchedAt < ?3 order by dispatchedAt",
                ReplyStatus.DISPATCHED, channels, before);
        return getSession().chain(s -> q.on(s, Reply.class).setMaxResults(limit)
                .setLockMode(LockMode.UPGRADE_SKIPLOCKED).getResultList());
    }

    /** How many replies went to each of these requests since then, held and failed ones aside, by request. */
    Uni<Map<UUID, Long>> sentSince(Collection<UUID> requestIds, Instant since) {
        if (requestIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        Hql q = Hql.of("select requestId, count(*) from Reply where requestId in ?1 and createdAt > ?2"
                + " and status not in ?3 group by requestId", requestIds, since,
                List.of(ReplyStatus.HELD, ReplyStatus.FAILED));
        return getSession().chain(s -> q.on(s, Object[].class).getResultList())
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
        Hql q = Hql.of("select requestId, count(*) from Reply where requestId in ?1 and status = ?2"
                + " and purpose <> ?3 group by requestId", requestIds, ReplyStatus.HELD, Purpose.FEEDBACK);
        return getSession().chain(s -> q.on(s, Object[].class).getResultList())
                .map(rows -> {
                    Map<UUID, Long> counts = new HashMap<>();
                    rows.forEach(row -> counts.put((UUID) row[0], (Long) row[1]));
                    return counts;
                });
    }

    /**
     * Held replies (surveys aside) written after {@code after} in the order of writing (by time, then id: {@code
     * afterId} breaks a tie), oldest first, at most {@code limit}: each as its message id, request id and routing
     * decision. Read through the partial index over the held replies ({@code V31}), whose condition the literals here
     * repeat, so a generic plan can use it too.
     */
    Uni<List<Object[]>> heldAfter(Instant after, UUID afterId, int limit) {
        return SessionSql.select(HELD_AFTER, after, afterId, limit);
    }

    static final String HELD_AFTER = "SELECT message_id, request_id, routing_decision::text, created_at FROM reply"
            + " WHERE status = 'HELD' AND purpose <> 'FEEDBACK' AND (created_at, message_id) > (?1, ?2)"
            + " ORDER BY created_at, message_id LIMIT ?3";

    /** The replies of these requests held and written after {@code since}, oldest first. */
    Uni<List<Reply>> heldOn(Collection<UUID> requestIds, Instant since) {
        if (requestIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Hql q = Hql.of("requestId in ?1 and status = ?2 and createdAt > ?3 and purpose <> ?4 order by createdAt",
                requestIds, ReplyStatus.HELD, since, Purpose.FEEDBACK);
        return list(q.text(), q.values());
    }

}
