package io.omnihub.customer;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.platform.Ids;
import io.omnihub.platform.NativeRows;
import io.omnihub.platform.Outbox;
import io.omnihub.platform.SessionSql;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * Every statement on the {@code suspected_duplicate} table but its erasure and a new profile's first pairs (written
 * with the profile, by {@link NewProfiles}): pairs suggested, reviewed, settled by a merge. On the caller's session and
 * transaction.
 */
@ApplicationScoped
@WithSession
class SuspectedDuplicateRepository {

    private static final String COLUMNS = "id, customer_a, customer_b, evidence::text, status, created_at, decided_at,"
            + " decided_by, merge_id";

    private final Outbox outbox;

    SuspectedDuplicateRepository(Outbox outbox) {
        this.outbox = outbox;
    }

    /** A pair as stored, its evidence as JSON text. */
    record Row(UUID id, UUID customerA, UUID customerB, String evidence, String status, Instant createdAt,
            Instant decidedAt, String decidedBy, UUID mergeId) {

        Row(Object[] r) {
            this((UUID) r[0], (UUID) r[1], (UUID) r[2], (String) r[3], (String) r[4], NativeRows.instant(r[5]),
                    NativeRows.instant(r[6]),
                    (String) r[7], (UUID) r[8]);
        }
    }

    /**
     * Suggests {@code customer} against each other profile, with its evidence (JSON), unless the pair is open or was
     * dismissed already. Written by the caller's batch's last statement ({@link Outbox#carry}), not by one of its own:
     * nothing in the transaction reads or writes the pairs after the suggestion.
     */
    Uni<Void> suggest(UUID customer, Map<UUID, String> evidenceByOther, Instant at) {
        List<Map.Entry<UUID, String>> pairs = List.copyOf(evidenceByOther.entrySet());
        return outbox.carry("suspected_duplicates AS (INSERT INTO suspected_duplicate (id, customer_a, customer_b,"
                + " evidence, created_at) SELECT p.id, CAST(?1 AS uuid), p.other, CAST(p.evidence AS jsonb), ?2"
                + " FROM unnest(CAST(?3 AS uuid[]), CAST(?4 AS uuid[]), CAST(?5 AS text[])) AS p(id, other, evidence)"
                + " WHERE NOT EXISTS (SELECT 1 FROM suspected_duplicate d"
                + " WHERE least(d.customer_a, d.customer_b) = least(CAST(?1 AS uuid), p.other)"
                + " AND greatest(d.customer_a, d.customer_b) = greatest(CAST(?1 AS uuid), p.other)"
                + " AND d.status IN ('OPEN', 'DISMISSED')) ON CONFLICT DO NOTHING)", customer, at,
                pairs.stream().map(e -> Ids.next()).toArray(UUID[]::new),
                SessionSql.column(pairs, Map.Entry::getKey, UUID[]::new),
                SessionSql.column(pairs, Map.Entry::getValue, String[]::new));
    }

    /**
     * After a merge: the pair it joined is settled, and pairs that named the merged profile now name the golden
     * record (a pair that would repeat one already open is dropped).
     */
    Uni<Void> merged(UUID survivor, UUID merged, UUID mergeId, String actor, Instant at) {
        return Panache.getSession().chain(s -> s.createNativeQuery("UPDATE suspected_duplicate SET status = 'MERGED',"
                + " decided_at = ?3, decided_by = ?4, merge_id = ?5 WHERE status = 'OPEN' AND least(customer_a,"
                + " customer_b) = least(CAST(?1 AS uuid), CAST(?2 AS uuid)) AND greatest(customer_a, customer_b)"
                + " = greatest(CAST(?1 AS uuid), CAST(?2 AS uuid))")
                .setParameter(1, survivor).setParameter(2, merged).setParameter(3, at)
                .setParameter(4, actor).setParameter(5, mergeId).executeUpdate()
                .chain(() -> s.createNativeQuery("DELETE FROM suspected_duplicate d WHERE d.status = 'OPEN'"
                        + " AND (d.customer_a = CAST(?2 AS uuid) OR d.customer_b = CAST(?2 AS uuid)) AND EXISTS (SELECT 1 FROM suspected_duplicate o"
                        + " WHERE o.status = 'OPEN' AND o.id <> d.id AND least(o.customer_a, o.customer_b)"
                        + " = least(CAST(?1 AS uuid), CASE WHEN d.customer_a = CAST(?2 AS uuid) THEN d.customer_b ELSE d.customer_a"
                        + " END) AND greatest(o.customer_a, o.customer_b) = greatest(CAST(?1 AS uuid),"
                        + " CASE WHEN d.customer_a = CAST(?2 AS uuid) THEN d.customer_b ELSE d.customer_a END))")
                        .setParameter(1, survivor).setParameter(2, merged).executeUpdate())
                .chain(() -> s.createNativeQuery("UPDATE suspected_duplicate SET customer_a = CASE WHEN customer_a"
                        + " = CAST(?2 AS uuid) THEN CAST(?1 AS uuid) ELSE customer_a END, customer_b = CASE WHEN"
                        + " customer_b = CAST(?2 AS uuid) THEN CAST(?1 AS uuid) ELSE customer_b END WHERE status = 'OPEN'"
                        + " AND (customer_a = CAST(?2 AS uuid) OR customer_b = CAST(?2 AS uuid))")
                        .setParameter(1, survivor).setParameter(2, merged).executeUpdate())
                .chain(() -> s.createNativeQuery("DELETE FROM suspected_duplicate WHERE status = 'OPEN'"
                        + " AND customer_a = customer_b").executeUpdate()))
                .replaceWithVoid();
    }

    /** Up to {@code limit} open pairs, oldest first. */
    Uni<List<Row>> open(int limit) {
        return Panache.getSession().chain(s -> s.createNativeQuery("SELECT " + COLUMNS + " FROM suspected_duplicate"
                + " WHERE status = 'OPEN' ORDER BY created_at, id LIMIT ?1", Object[].class).setParameter(1, limit)
                .getResultList()).map(rows -> rows.stream().map(Row::new).toList());
    }

    /** The pair, or null. */
    Uni<Row> one(UUID id) {
        return Panache.getSession().chain(s -> s.createNativeQuery("SELECT " + COLUMNS + " FROM suspected_duplicate"
                + " WHERE id = ?1", Object[].class).setParameter(1, id).getSingleResultOrNull())
                .map(row -> row == null ? null : new Row(row));
    }

    /** Dismisses the pair if it is still open; answers whether it was. */
    Uni<Boolean> dismiss(UUID id, String actor, Instant at) {
        return Panache.getSession().chain(s -> s.createNativeQuery("UPDATE suspected_duplicate SET status = 'DISMISSED',"
                + " decided_at = ?2, decided_by = ?3 WHERE id = ?1 AND status = 'OPEN'").setParameter(1, id)
                .setParameter(2, at).setParameter(3, actor).executeUpdate()).map(updated -> updated > 0);
    }
}
