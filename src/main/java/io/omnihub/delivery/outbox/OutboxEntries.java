package io.omnihub.delivery.outbox;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.omnihub.platform.NativeRows;
import io.omnihub.platform.OutboxEntry;
import io.omnihub.platform.SessionSql;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * The relay's and the admins' statements on outbox entries (features record them through {@code platform.Outbox}).
 * HQL, except the claim (HQL has no {@code UPDATE … RETURNING}), a plain statement on the session's connection
 * ({@link SessionSql}, the relay's hot path) that reads plain columns: never a native query with an entity result,
 * whose plan Hibernate caches under a key that a new result mapping never equals, so every run would add an entry and
 * slow every lookup. On the caller's session.
 */
@ApplicationScoped
@WithSession
class OutboxEntries implements PanacheRepositoryBase<OutboxEntry, UUID> {

    /**
     * Claims a batch, in one statement: up to {@code limit} entries due by {@code now}, neither published nor dead nor
     * for a held topic nor behind an older entry of their key that waits
     * ({@link OutboxOrder#NOT_BEHIND_A_WAITING_ENTRY}), are locked in id order (entries another replica holds are
     * skipped), and of those the ones that may go now ({@link OutboxOrder}) are marked published at {@code now} and
     * answered in id order. The mark holds only if the caller's transaction commits, and the caller takes it back
     * ({@link #unmark}) from every entry it did not finish; the entries held back stay locked, unmarked, until it ends.
     * The entries are plain objects, not the session's: what the relay changes in one it writes with {@link #charged}.
     * The lock comes first, in a {@code MATERIALIZED} step of its own, so that its {@code LIMIT} is applied once.
     */
    Uni<OutboxOrder.Claim> claim(Instant now, int limit, Set<String> heldTopics) {
        boolean held = !heldTopics.isEmpty();
        Object[] values = held ? new Object[] { now, (long) limit,
                heldTopics.toArray(String[]::new) } : new Object[] { now, (long) limit };
        return SessionSql.select(claimSql(held), values)
                .map(rows -> new OutboxOrder.Claim(rows.stream().map(OutboxEntries::entry).toList(),
                        rows.isEmpty() ? 0 : ((Number) rows.get(0)[10]).longValue()));
    }

    /** The claim's statement: {@code ?1} now, {@code ?2} the limit, {@code ?3} the held topics when {@code held}. */
    static String claimSql(boolean held) {
        return "WITH " + OutboxOrder.waiting(held) + ", c AS MATERIALIZED (SELECT id, message_key FROM outbox p WHERE "
                + OutboxOrder.PENDING + " AND available_at <= ?1" + (held ? " AND topic <> ALL(?3)" : "") + " AND "
                + OutboxOrder.NOT_BEHIND_A_WAITING_ENTRY + " ORDER BY id LIMIT ?2 FOR UPDATE OF p SKIP LOCKED), "
                + OutboxOrder.SKIPPED
                + ", m AS (UPDATE outbox e SET published_at = ?1 FROM c WHERE e.id = c.id AND " + OutboxOrder.MAY_GO
                + " RETURNING e.id, e.aggregate_type, e.aggregate_id, e.topic, e.message_key, e.type,"
                + " e.payload::text AS payload, e.created_at, e.available_at, e.attempts)"
                + " SELECT m.*, (SELECT count(*) FROM c) AS locked FROM m ORDER BY m.id";
    }

    private static OutboxEntry entry(Object[] row) {
        OutboxEntry e = new OutboxEntry();
        e.id = (UUID) row[0];
        e.aggregateType = (String) row[1];
        e.aggregateId = (UUID) row[2];
        e.topic = (String) row[3];
        e.messageKey = (String) row[4];
        e.type = (String) row[5];
        e.payload = (String) row[6];
        e.createdAt = NativeRows.instant(row[7]);
        e.availableAt = NativeRows.instant(row[8]);
        e.attempts = ((Number) row[9]).intValue();
        return e;
    }

    /** Takes back the mark of these claimed entries, in one statement: they were not sent, and wait. */
    Uni<Integer> unmark(List<UUID> ids) {
        return getSession().chain(s -> s.createMutationQuery("update OutboxEntry set publishedAt = null where id in ?1")
                .setParameter(1, ids).executeUpdate());
    }

    /** Writes what a failure changed in a claimed entry: its attempts, its error, its next time or its death. */
    Uni<Integer> charged(OutboxEntry entry) {
        return getSession().chain(s -> s.createMutationQuery("update OutboxEntry set attempts = ?1, lastError = ?2,"
                + " availableAt = ?3, deadAt = ?4 where id = ?5").setParameter(1, entry.attempts)
                .setParameter(2, entry.lastError).setParameter(3, entry.availableAt).setParameter(4, entry.deadAt)
                .setParameter(5, entry.id).executeUpdate());
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
