package io.omnihub.delivery.outbox;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.hibernate.LockMode;

import io.omnihub.platform.OutboxEntry;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * The relay's and the admins' statements on outbox entries (features record them through {@code platform.Outbox}).
 * HQL, not native queries with an entity result: Hibernate caches a native query's plan under a key that a new result
 * mapping never equals, so every run would add an entry and slow every lookup. On the caller's session.
 */
@ApplicationScoped
@WithSession
class OutboxEntries implements PanacheRepositoryBase<OutboxEntry, UUID> {

    /**
     * Up to {@code limit} entries due by {@code now}, neither published nor dead nor for a held topic, in id order,
     * locked for the caller's transaction; entries another replica holds are skipped. Each comes with the number of
     * older entries with its key still pending ({@link OutboxOrder}), read by the same statement.
     */
    Uni<List<OutboxOrder.Claimed>> claimDue(Instant now, int limit, Set<String> heldTopics) {
        return getSession().chain(s -> {
            var query = s.createSelectionQuery("select e, (select count(*) from OutboxEntry o"
                    + " where o.messageKey = e.messageKey and o.publishedAt is null and o.deadAt is null"
                    + " and o.id < e.id) from OutboxEntry e where e.publishedAt is null and e.deadAt is null"
                    + " and e.availableAt <= ?1" + (heldTopics.isEmpty() ? "" : " and e.topic not in ?2")
                    + " order by e.id", Object[].class).setParameter(1, now);
            if (!heldTopics.isEmpty()) {
                query.setParameter(2, heldTopics);
            }
            return query.setMaxResults(limit).setLockMode("e", LockMode.UPGRADE_SKIPLOCKED).getResultList();
        }).map(rows -> rows.stream()
                .map(row -> new OutboxOrder.Claimed((OutboxEntry) row[0], ((Number) row[1]).longValue())).toList());
    }

    /** Marks these entries published at {@code at}, in one statement. */
    Uni<Integer> markPublished(List<UUID> ids, Instant at) {
        return getSession().chain(s -> s.createMutationQuery("update OutboxEntry set publishedAt = ?1 where id in ?2")
                .setParameter(1, at).setParameter(2, ids).executeUpdate());
    }

    /** Up to {@code limit} dead entries, the oldest deaths first. */
    Uni<List<OutboxEntry>> dead(int limit) {
        return find("deadAt is not null order by deadAt, id").range(0, limit - 1).list();
    }

    /** The entry, locked for the caller's transaction; or null. */
    Uni<OutboxEntry> locked(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }
}
