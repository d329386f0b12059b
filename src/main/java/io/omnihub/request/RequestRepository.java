package io.omnihub.request;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.persistence.OptimisticLockException;

import org.hibernate.LockMode;

import io.omnihub.platform.Hql;
import io.omnihub.platform.ReadAfter;
import io.omnihub.platform.SessionSql;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
@WithSession
public class RequestRepository implements PanacheRepositoryBase<Request, UUID> {

    private static final String SURVEY_DUE = "survey_due_at IS NOT NULL AND survey_sent_at IS NULL"
            + " AND length(origin_thread_enc) > 0";

    /** The newest request of this customer on this channel thread. */
    public Uni<Request> latestOnThread(UUID customerId, String channel, byte[] threadHash) {
        return find("customerId = ?1 and originChannel = ?2 and originThreadHash = ?3 order by id desc",
                customerId, channel, threadHash).firstResult();
    }

    /**
     * Whether this transaction got the team's assignment lock (held until it ends); another replica holds it if not.
     * On the session's connection: a scheduled job's native query would leave a plan in Hibernate's cache at every run.
     */
    Uni<Boolean> tryLockTeam(String team) {
        return SessionSql.select("SELECT pg_try_advisory_xact_lock(hashtextextended(?1, 0))", "assign|" + team)
                .map(rows -> (Boolean) rows.get(0)[0]);
    }

    /** How many open requests (not resolved or closed) each of these operators owns. */
    Uni<Map<String, Long>> openByAssignee(Collection<String> operators) {
        Hql q = Hql.of("select assignee, count(*) from Request where assignee in ?1 and status in ?2"
                + " group by assignee", operators,
                List.of(RequestStatus.NEW, RequestStatus.OPEN, RequestStatus.WAITING_CUSTOMER));
        return getSession().chain(s -> q.on(s, Object[].class).getResultList())
                .map(rows -> {
                    Map<String, Long> loads = new HashMap<>();
                    rows.forEach(row -> loads.put((String) row[0], (Long) row[1]));
                    return loads;
                });
    }

    /** A team's oldest requests that nobody owns and that wait for an operator, at most {@code limit}. */
    Uni<List<Request>> unassigned(String team, int limit) {
        Hql q = Hql.of("team = ?1 and assignee is null and status in ?2 order by id", team,
                List.of(RequestStatus.NEW, RequestStatus.OPEN));
        return find(q.text(), q.values()).page(0, limit).list();
    }

    /** Surveys due and not sent, oldest first; never on a request whose thread erasure or retention emptied. */
    Uni<List<UUID>> surveysDue(int limit) {
        return SessionSql.select("SELECT id FROM request WHERE " + SURVEY_DUE + " ORDER BY survey_due_at LIMIT ?1",
                limit).map(rows -> rows.stream().map(row -> (UUID) row[0]).toList());
    }

    Uni<Boolean> claimSurvey(UUID id, Instant at) {
        return getSession().chain(s -> s.createNativeQuery("UPDATE request SET survey_sent_at = ?2, version = version + 1"
                + " WHERE id = ?1 AND " + SURVEY_DUE).setParameter(1, id)
                .setParameter(2, at).executeUpdate()).map(updated -> updated == 1);
    }

    /** A request that waits for its customer goes back to the operators' queue (OPEN); its version moves on. */
    Uni<Void> backToQueue(UUID requestId) {
        return getSession().chain(s -> s.createNativeQuery("UPDATE request SET status = 'OPEN', version = version + 1"
                + " WHERE id = ?1 AND status = 'WAITING_CUSTOMER'").setParameter(1, requestId).executeUpdate())
                .replaceWithVoid();
    }

    /** A request that missed a deadline: its id, team, and when it was due. */
    record Breach(UUID requestId, String team, Instant dueAt) {
    }

    /**
     * Marks at most {@code limit} open requests whose first response is overdue at {@code now} as breached, and
     * answers them; each is marked once. Rows another replica marks at the same time are skipped.
     */
    Uni<List<Breach>> firstResponsesOverdue(Instant now, int limit) {
        return breaches("UPDATE request SET first_response_breached_at = ?1, version = version + 1 WHERE id IN"
                + " (SELECT id FROM request WHERE first_response_due < ?1 AND first_response_at IS NULL"
                + " AND first_response_breached_at IS NULL AND status IN ('NEW', 'OPEN') LIMIT ?2"
                + " FOR UPDATE SKIP LOCKED) RETURNING id, team, first_response_due", now, limit);
    }

    /** The same for resolutions overdue: requests not resolved or closed by their resolution deadline. */
    Uni<List<Breach>> resolutionsOverdue(Instant now, int limit) {
        return breaches("UPDATE request SET resolution_breached_at = ?1, version = version + 1 WHERE id IN"
                + " (SELECT id FROM request WHERE resolution_due < ?1 AND resolved_at IS NULL"
                + " AND resolution_breached_at IS NULL AND status IN ('NEW', 'OPEN', 'WAITING_CUSTOMER') LIMIT ?2"
                + " FOR UPDATE SKIP LOCKED) RETURNING id, team, resolution_due", now, limit);
    }

    private Uni<List<Breach>> breaches(String sql, Instant now, int limit) {
        return getSession().chain(s -> s.createNativeQuery(sql, Object[].class).setParameter(1, now)
                .setParameter(2, limit).getResultList())
                .map(rows -> rows.stream().map(row -> new Breach((UUID) row[0], (String) row[1],
                        row[2] instanceof java.time.OffsetDateTime odt ? odt.toInstant() : (Instant) row[2])).toList());
    }

    /**
     * The newest request on this channel thread, whoever its customer is, or null, with the thread locked until the
     * caller's transaction ends (one message at a time per thread): one statement, the lock taken before the read's
     * snapshot ({@code locked_thread_head}, V29). The head is not in the session ({@link RequestRow}): what changes it
     * as an entity loads it ({@link #managed}). Not a native query with the entity as its result: Hibernate made a new
     * plan for it at every run, under a key equal to no other one but hashed like all of them, so the plan cache
     * filled with them and its lookups compared keys one by one ({@code ThreadHeadPlanTest}).
     */
    Uni<Request> lockedHeadOfThread(String channel, byte[] threadHash) {
        return SessionSql.select("SELECT " + RequestRow.COLUMNS + " FROM locked_thread_head(?1, ?2)", channel,
                threadHash).map(rows -> rows.isEmpty() ? null : RequestRow.of(rows.get(0)));
    }

    /**
     * {@link #lockedHeadOfThread}, then {@code then} given the head's customer (or null), in the same statement: the
     * intake's lock and its identity lookup in one round trip. What {@code then} must read as the lock's previous
     * holder left it, it reads in a volatile function of its own ({@code found_and_locked}, V32): the statement's
     * snapshot is taken before the lock's wait.
     */
    <T> Uni<ThreadHead.Locked<T>> lockedHeadOfThread(String channel, byte[] threadHash, ReadAfter<T> then) {
        String sql = "WITH h AS MATERIALIZED (SELECT " + RequestRow.COLUMNS + " FROM locked_thread_head(?1, ?2))"
                + " SELECT true, h.*" + ", NULL".repeat(then.columns()) + " FROM h"
                + " UNION ALL SELECT false" + ", NULL".repeat(RequestRow.COUNT) + ", t.* FROM ("
                + then.textAfter(2, "(SELECT customer_id FROM h)") + ") t";
        return SessionSql.select(sql, then.valuesAfter(channel, threadHash)).map(rows -> {
            Request head = null;
            List<Object[]> read = new ArrayList<>(rows.size());
            for (Object[] row : rows) {
                if (Boolean.TRUE.equals(row[0])) {
                    head = RequestRow.of(Arrays.copyOfRange(row, 1, 1 + RequestRow.COUNT));
                } else {
                    read.add(Arrays.copyOfRange(row, 1 + RequestRow.COUNT, row.length));
                }
            }
            return new ThreadHead.Locked<>(new ThreadHead(head), then.rows().apply(read));
        });
    }

    /**
     * This request in the caller's session, to change as an entity: itself when it is there, else loaded, as it was
     * read unless another writer changed it since (then the caller's transaction runs again,
     * {@link io.omnihub.platform.Conflicts}).
     */
    Uni<Request> managed(Request read) {
        return getSession().chain(s -> s.contains(read) ? Uni.createFrom().item(read)
                : s.find(Request.class, read.id).chain(loaded -> loaded != null && loaded.version == read.version
                        ? Uni.createFrom().item(loaded)
                        : Uni.createFrom().failure(new OptimisticLockException("Request " + read.id
                                + " changed since it was read"))));
    }

    /**
     * The channel a request came in on, or null if there is no such request: a projection, so no request is loaded
     * into the session (a merge later in the caller's transaction may move it by a native update).
     */
    public Uni<String> originChannel(UUID requestId) {
        return getSession().chain(s -> s.createSelectionQuery("select originChannel from Request where id = ?1",
                String.class).setParameter(1, requestId).getSingleResultOrNull());
    }

    /**
     * What the customer's earlier requests tell about a new one on {@code channel} at {@code now}: one statement on
     * the caller's session ({@link Journey#pastOf}). A new request written with its messages reads it with them
     * ({@link NewRequests#insert}).
     */
    Uni<Journey> journeyOf(UUID customerId, String channel, Instant now) {
        return SessionSql.select(Journey.pastOf(1), customerId).map(rows -> Journey.ofRows(rows, channel, now));
    }

    /** A request's facts, or null if there is no such request; on the caller's session. */
    public Uni<RequestFacts> facts(UUID id) {
        return findById(id).map(RequestFacts::of);
    }

    /**
     * {@link #facts(UUID)}, the request's row locked ({@code FOR NO KEY UPDATE}) until the caller's transaction ends:
     * for an answer that writes the request with its last statement ({@link RequestLifecycle#answeredLocked}).
     */
    public Uni<RequestFacts> lockedFacts(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE).map(RequestFacts::of);
    }

    /** Whether the caller's session read this request with its row's lock ({@link #lockedFacts}). */
    Uni<Boolean> rowLocked(Request r) {
        return getSession().map(s -> s.getLockMode(r) == LockMode.PESSIMISTIC_WRITE);
    }

    /** The facts of these requests (those that exist), in one statement on the caller's session. */
    public Uni<List<RequestFacts>> facts(Collection<UUID> ids) {
        Hql q = Hql.of("id in ?1", ids);
        return list(q.text(), q.values()).map(found -> found.stream().map(RequestFacts::of).toList());
    }

    /** The requests of these customers: each request's customer, by request id. On the caller's session. */
    public Uni<Map<UUID, UUID>> customersOfRequestsOf(Collection<UUID> customerIds) {
        Hql q = Hql.of("select id, customerId from Request where customerId in ?1", customerIds);
        return getSession().chain(s -> q.on(s, Object[].class).getResultList())
                .map(rows -> {
                    Map<UUID, UUID> customers = new HashMap<>();
                    rows.forEach(row -> customers.put((UUID) row[0], (UUID) row[1]));
                    return customers;
                });
    }

}
