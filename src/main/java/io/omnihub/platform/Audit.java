package io.omnihub.platform;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The audit log: who read or changed what, when. Changes are recorded in the transaction that makes them, whether
 * Hibernate or the Vert.x client writes them; reads of personal data (an export, a customer's full contacts) and
 * actions of many transactions (a key rotation) are recorded in a transaction of their own before the answer leaves,
 * so that nothing is served unaudited. Details never carry
 * personal data. Privacy officers read it ({@link #find}).
 */
@ApplicationScoped
public class Audit {

    /** The most entries one query answers. */
    public static final int MAX_ENTRIES = 500;

    private final Json json;
    private final Clock clock;

    public Audit(Json json, Clock clock) {
        this.clock = clock;
        this.json = json;
    }

    /** Appends an entry inside the caller's transaction. */
    public Uni<Void> record(String actor, String action, String subjectType, UUID subjectId, Map<String, ?> details) {
        AuditLog entry = entry(actor, action, subjectType, subjectId, details);
        return Panache.getSession().chain(s -> s.persist(entry));
    }

    /**
     * Appends an entry inside the transaction of a change made with the Vert.x client on {@code connection}, so that
     * the change and its entry commit together or not at all.
     */
    public Uni<Void> record(SqlConnection connection, String actor, String action, String subjectType, UUID subjectId,
            Map<String, ?> details) {
        AuditLog e = entry(actor, action, subjectType, subjectId, details);
        return connection.preparedQuery("INSERT INTO audit_log (id, occurred_at, actor, action, subject_type,"
                + " subject_id, details) VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb)")
                .execute(Tuple.tuple(Arrays.asList(e.id, e.occurredAt.atOffset(ZoneOffset.UTC), e.actor, e.action,
                        e.subjectType, e.subjectId, e.details)))
                .replaceWithVoid();
    }

    /** A new entry, written either way: its id, its time and its details' JSON decided here only. */
    private AuditLog entry(String actor, String action, String subjectType, UUID subjectId, Map<String, ?> details) {
        AuditLog entry = new AuditLog();
        entry.id = Ids.next();
        entry.occurredAt = clock.instant();
        entry.actor = actor;
        entry.action = action;
        entry.subjectType = subjectType;
        entry.subjectId = subjectId;
        entry.details = json.write(details);
        return entry;
    }

    /**
     * Appends an entry in a transaction of its own: for a read, or an action of many transactions (a key rotation),
     * recorded once it is done.
     */
    public Uni<Void> recordAlone(String actor, String action, String subjectType, UUID subjectId,
            Map<String, ?> details) {
        return Panache.withTransaction(() -> record(actor, action, subjectType, subjectId, details));
    }

    /** {@link #recordAlone}, one entry per subject, all in one transaction: a read of several customers at once. */
    public Uni<Void> recordEachAlone(String actor, String action, String subjectType, List<UUID> subjectIds,
            Map<String, ?> details) {
        if (subjectIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withTransaction(() -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (UUID id : subjectIds) {
                chain = chain.chain(() -> record(actor, action, subjectType, id, details));
            }
            return chain;
        });
    }

    /** What to look for; every field but the limit is optional. */
    public record Query(String actor, String action, UUID subjectId, Instant from, Instant to, int limit) {
    }

    /** One entry as privacy officers read it. */
    public record Entry(UUID id, Instant occurredAt, String actor, String action, String subjectType, UUID subjectId,
            JsonNode details) {
    }

    /** The entries matching the query, newest first. */
    public Uni<List<Entry>> find(Query query) {
        StringBuilder hql = new StringBuilder("from AuditLog where 1 = 1");
        List<Object> values = new ArrayList<>();
        if (query.actor() != null) {
            values.add(query.actor());
            hql.append(" and actor = ?").append(values.size());
        }
        if (query.action() != null) {
            values.add(query.action());
            hql.append(" and action = ?").append(values.size());
        }
        if (query.subjectId() != null) {
            values.add(query.subjectId());
            hql.append(" and subjectId = ?").append(values.size());
        }
        if (query.from() != null) {
            values.add(query.from());
            hql.append(" and occurredAt >= ?").append(values.size());
        }
        if (query.to() != null) {
            values.add(query.to());
            hql.append(" and occurredAt < ?").append(values.size());
        }
        hql.append(" order by occurredAt desc, id desc");
        return Panache.withSession(() -> Panache.getSession().chain(s -> {
            var select = s.createSelectionQuery(hql.toString(), AuditLog.class)
                    .setMaxResults(Math.min(query.limit(), MAX_ENTRIES));
            for (int i = 0; i < values.size(); i++) {
                select.setParameter(i + 1, values.get(i));
            }
            return select.getResultList();
        })).map(rows -> rows.stream().map(r -> new Entry(r.id, r.occurredAt, r.actor, r.action, r.subjectType,
                r.subjectId, json.tree(r.details))).toList());
    }
}
