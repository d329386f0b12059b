package io.omnihub.customer;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
@WithSession
class MergeLogRepository implements PanacheRepositoryBase<MergeLog, UUID> {

    /** A merge made before trust levels existed, not undone: its survivor, its id and the profile it merged. */
    record Legacy(UUID survivorId, UUID mergeId, UUID mergedId) {
    }

    /**
     * The LEGACY merges, not undone, whose survivor is this profile or one merged into it at any depth, newest
     * first. On the caller's session, or one of its own.
     */
    Uni<List<Legacy>> legacyInTree(UUID customerId) {
        return getSession().chain(s -> s.createNativeQuery("WITH RECURSIVE tree(id) AS (SELECT CAST(?1 AS uuid)"
                + " UNION SELECT c.id FROM customer c JOIN tree ON c.merged_into = tree.id)"
                + " SELECT ml.survivor_id, ml.id, ml.merged_id FROM merge_log ml WHERE ml.survivor_id IN"
                + " (SELECT id FROM tree) AND ml.basis = 'LEGACY' AND ml.unmerged_at IS NULL"
                + " ORDER BY ml.created_at DESC", Object[].class).setParameter(1, customerId).getResultList())
                .map(rows -> rows.stream().map(r -> new Legacy((UUID) r[0], (UUID) r[1], (UUID) r[2])).toList());
    }
}
