package io.omnihub.request;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.omnihub.platform.Hql;
import io.omnihub.platform.NativeRows;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
@WithSession
public class MessageRepository implements PanacheRepositoryBase<Message, UUID> {

    /** The messages of these requests, in conversation order. */
    public Uni<List<Message>> ofRequests(Collection<UUID> requestIds) {
        Hql q = Hql.of("requestId in ?1 order by occurredAt, id", requestIds);
        return list(q.text(), q.values());
    }

    /** The ids of the messages on these customers' requests, on the caller's session. */
    public Uni<List<UUID>> idsOfCustomers(Mutiny.Session s, Collection<UUID> customerIds) {
        return s.createNativeQuery("SELECT m.id FROM message m JOIN request r ON r.id = m.request_id"
                + " WHERE r.customer_id IN (?1)", UUID.class).setParameter(1, customerIds).getResultList();
    }

    /**
     * When each of the customers ?1 last wrote on each channel, a row per customer and channel, each as (customer,
     * channel, a null text, when): four columns, so that a statement can read them with another feature's rows
     * ({@code UNION ALL}) and tell them apart by the time. {@link #lastInboundOf} folds them.
     */
    public static final String LAST_INBOUND = "SELECT r.customer_id, m.channel, CAST(NULL AS text), max(m.created_at)"
            + " FROM message m JOIN request r ON r.id = m.request_id WHERE m.direction = 'INBOUND'"
            + " AND r.customer_id = ANY(?1) GROUP BY r.customer_id, m.channel";

    /** Folds one of {@link #LAST_INBOUND}'s rows into the times by customer and channel. */
    public static void lastInboundOf(Object[] row, Map<UUID, Map<String, Instant>> last) {
        last.computeIfAbsent((UUID) row[0], c -> new HashMap<>()).put((String) row[1], NativeRows.instant(row[3]));
    }

    /**
     * The insert of an outbound message, its text already sealed with the customer's key: an operator's reply or a
     * system's code, whose delivery the delivery feature tracks. Its values, ?1 to ?6, are {@link #outbound}'s: the
     * statement that runs it writes what the message brings along with it (a reply's delivery row).
     */
    public static final String OUTBOUND = "INSERT INTO message (id, version, request_id, direction, author, author_ref,"
            + " body_enc, occurred_at, created_at) VALUES (?1, 0, ?2, 'OUTBOUND', ?3, ?4, ?5, ?6, ?6)";

    /** {@link #OUTBOUND}'s values. */
    public static Object[] outbound(UUID id, UUID requestId, Message.Author author, String authorRef, byte[] bodyEnc,
            Instant at) {
        return new Object[] { id, requestId, author, authorRef, bodyEnc, at };
    }

    /**
     * These messages (those that exist) with their requests' facts, in one statement on the caller's session, read as
     * plain values: the relay's check reads both for a batch of replies, and changes neither.
     */
    public Uni<List<OutgoingMessage>> outgoing(Collection<UUID> ids) {
        Hql q = Hql.of("select m.id, m.requestId, m.bodyEnc, m.createdAt, r.customerId, r.status, r.originChannel,"
                + " r.originThreadEnc, r.assignee, r.team from Message m join Request r on r.id = m.requestId"
                + " where m.id in ?1", ids);
        return Panache.getSession().chain(s -> q.on(s, Object[].class).getResultList())
                .map(rows -> rows.stream().map(row -> new OutgoingMessage(
                        new SealedBody((UUID) row[0], (UUID) row[1], (byte[]) row[2], (Instant) row[3]),
                        new RequestFacts((UUID) row[1], (UUID) row[4], (RequestStatus) row[5], (String) row[6],
                                (byte[]) row[7], (String) row[8], (String) row[9])))
                        .toList());
    }

    /** A message's sealed text, or null if there is no such message; on the caller's session. */
    public Uni<SealedBody> body(UUID id) {
        return findById(id).map(SealedBody::of);
    }

    /** The sealed texts of these messages (those that exist), in one statement on the caller's session. */
    public Uni<List<SealedBody>> bodies(Collection<UUID> ids) {
        Hql q = Hql.of("id in ?1", ids);
        return list(q.text(), q.values()).map(found -> found.stream().map(SealedBody::of).toList());
    }

    /** Replaces a message's text, sealed anew (a code's once it is used); in the caller's transaction. */
    public Uni<Void> reseal(UUID id, byte[] bodyEnc) {
        return findById(id).invoke(m -> {
            if (m != null) {
                m.bodyEnc = bodyEnc;
            }
        }).replaceWithVoid();
    }

    public Uni<List<String>> externalIds(UUID requestId, String channel) {
        return Panache.getSession().chain(s -> s.createSelectionQuery("select externalId from Message"
                + " where requestId = ?1 and channel = ?2 and externalId is not null", String.class)
                .setParameter(1, requestId).setParameter(2, channel).getResultList());
    }

}
