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
     * locked for the caller's transaction; entries another replica holds are skipped.
     */
    Uni<List<OutboxEntry>> claimDue(Instant now, int limit, Set<String> heldTopics) {
        return getSession().chain(s -> {
            var query = s.createSelectionQuery("from OutboxEntry where publishedAt is null and deadAt is null"
                    + " and availableAt <= ?1" + (heldTopics.isEmpty() ? "" : " and topic not in ?2") + " order by id",
                    OutboxEntry.class).setParameter(1, now);
            if (!heldTopics.isEmpty()) {
                query.setParameter(2, heldTopics);
            }
            return query.setMaxResults(limit).setLockMode(LockMode.UPGRADE_SKIPLOCKED).getResultList();
        });
    }

    /** The pending entries with these keys up to {@code newest}, in id order, as (message key, id) pairs. */
    Uni<List<Object[]>> pendingWith(List<String> keys, UUID newest) {
        return getSession().chain(s -> s.createSelectionQuery("select messageKey, id from OutboxEntry"
                + " where publishedAt is null and deadAt is null and messageKey in ?1 and id <= ?2 order by id",
                Object[].class).setParameter(1, keys).setParameter(2, newest).getResultList());
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
