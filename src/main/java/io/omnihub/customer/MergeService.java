package io.omnihub.customer;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.omnihub.consent.ConsentLedger;
import io.omnihub.consent.PolicyCache;
import io.omnihub.customer.CustomerEvents.CustomerMerged;
import io.omnihub.customer.CustomerEvents.CustomerUnmerged;
import io.omnihub.platform.Conflicts;
import io.omnihub.platform.Ids;
import io.omnihub.platform.Json;
import io.omnihub.platform.Outbox;
import io.omnihub.platform.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Merges duplicate profiles into a golden record and undoes merges. A merge re-points every contact point and
 * request of the merged profile to the survivor and logs exactly what moved; the merged profile stays (status
 * MERGED) with its data key, so its sealed data stays readable and an unmerge can restore it.
 */
@ApplicationScoped
public class MergeService {

    private final CustomerRepository customers;
    private final MergeLogRepository log;
    private final Outbox outbox;
    private final Json json;
    private final ConsentLedger ledger;
    private final PolicyCache policies;
    private final SuspectedDuplicates duplicates;
    private final Clock clock;

    private final MergedRequests requests;

    public MergeService(CustomerRepository customers, MergeLogRepository log, Outbox outbox, Json json,
            ConsentLedger ledger, PolicyCache policies, Clock clock, SuspectedDuplicates duplicates,
            MergedRequests requests) {
        this.requests = requests;
        this.duplicates = duplicates;
        this.clock = clock;
        this.ledger = ledger;
        this.policies = policies;
        this.customers = customers;
        this.log = log;
        this.outbox = outbox;
        this.json = json;
    }

    /** Merges each of {@code merged} into {@code survivor}, in the caller's transaction. */
    public Uni<List<UUID>> mergeAll(UUID survivor, List<UUID> merged, String reason, String actor,
            MergeLog.Basis basis) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (UUID id : merged) {
            chain = chain.chain(() -> merge(survivor, id, reason, actor, basis)).replaceWithVoid();
        }
        return chain.replaceWith(merged);
    }

    /**
     * A supervisor's merge of two profiles that identity resolution did not join: both must be active, and both are
     * locked while the merge runs. Once it committed, both profiles' cached policies are forgotten.
     */
    public Uni<MergeLog> mergeManually(UUID survivor, UUID merged, String actor) {
        return Conflicts.retried(() -> Panache.withTransaction(() -> lockAndMerge(survivor, merged, actor)))
                .call(() -> policies.invalidate(survivor))
                .call(() -> policies.invalidate(merged));
    }

    private Uni<MergeLog> lockAndMerge(UUID survivor, UUID merged, String actor) {
        if (survivor.equals(merged)) {
            return Uni.createFrom().failure(ProblemException.invalidField("mergedId", "must be another profile"));
        }
        boolean survivorFirst = survivor.compareTo(merged) < 0; // one lock order, so two merges never deadlock
        return customers.findById(survivorFirst ? survivor : merged, LockModeType.PESSIMISTIC_WRITE)
                .chain(a -> customers.findById(survivorFirst ? merged : survivor, LockModeType.PESSIMISTIC_WRITE)
                        .chain(b -> {
                            Customer s = survivorFirst ? a : b;
                            Customer m = survivorFirst ? b : a;
                            if (s == null || m == null) {
                                return Uni.createFrom().failure(ProblemException.notFound("Customer"));
                            }
                            if (s.status != Customer.Status.ACTIVE || m.status != Customer.Status.ACTIVE) {
                                return Uni.createFrom().failure(ProblemException.conflict("not-active",
                                        "Only active profiles can be merged"));
                            }
                            return merge(survivor, merged, "manual", actor, MergeLog.Basis.MANUAL);
                        }));
    }

    private Uni<MergeLog> merge(UUID survivor, UUID merged, String reason, String actor, MergeLog.Basis basis) {
        return foldSharedValues(survivor, merged).chain(() -> Panache.getSession()).chain(session -> session
                .createNativeQuery("UPDATE contact_point SET customer_id = ?1 WHERE customer_id = ?2 RETURNING id",
                        UUID.class)
                .setParameter(1, survivor).setParameter(2, merged).getResultList()
                .chain(contactPoints -> requests.moveAll(merged, survivor)
                        .map(moved -> json.write(new Moved(new ArrayList<>(contactPoints), new ArrayList<>(moved))))))
                .chain(moved -> customers.findById(merged).chain(c -> {
                    c.status = Customer.Status.MERGED;
                    c.mergedInto = survivor;
                    c.updatedAt = clock.instant();
                    MergeLog entry = new MergeLog();
                    entry.id = Ids.next();
                    entry.survivorId = survivor;
                    entry.mergedId = merged;
                    entry.reason = reason;
                    entry.basis = basis;
                    entry.moved = moved;
                    entry.actor = actor;
                    entry.createdAt = clock.instant();
                    return log.persist(entry);
                }))
                .call(entry -> ledger.reconcileMerge(survivor, merged, entry.id))
                .call(entry -> duplicates.merged(survivor, merged, entry.id, actor))
                .call(entry -> outbox.event(new CustomerMerged(entry.id, survivor, merged, reason)));
    }

    /**
     * A value both profiles hold (a claim on one, the same value on the other) stays once, on the survivor, with the
     * stronger trust of the two; the merged profile's copy goes (an unmerge does not bring it back).
     */
    private static Uni<Void> foldSharedValues(UUID survivor, UUID merged) {
        return Panache.getSession().chain(s -> s.createNativeQuery("DELETE FROM contact_point m USING contact_point k"
                + " WHERE m.customer_id = ?2 AND k.customer_id = ?1 AND k.value_hash = m.value_hash"
                + " RETURNING m.value_hash, m.trust, m.proof, m.proof_ref, m.trusted_at", Object[].class)
                .setParameter(1, survivor).setParameter(2, merged).getResultList()
                .chain(gone -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Object[] g : gone) {
                        if ("CLAIMED".equals(g[1])) {
                            continue;
                        }
                        chain = chain.chain(() -> s.createNativeQuery("UPDATE contact_point SET trust = ?3, proof = ?4,"
                                + " proof_ref = ?5, trusted_at = ?6 WHERE customer_id = ?1 AND value_hash = ?2"
                                + " AND trust = 'CLAIMED'")
                                .setParameter(1, survivor).setParameter(2, g[0]).setParameter(3, g[1])
                                .setParameter(4, g[2]).setParameter(5, g[3]).setParameter(6, g[4])
                                .executeUpdate()).replaceWithVoid();
                    }
                    return chain;
                }));
    }

    /**
     * Undoes every merge in this profile's tree that was made before trust levels existed (LEGACY: it may have joined
     * on identifiers nobody proved), so that an action by what one sender proved (an SMS ERASE) reaches only them.
     * Answers the profiles restored.
     */
    public Uni<List<UUID>> unmergeUnproven(UUID customerId, String actor) {
        return Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                "WITH RECURSIVE tree(id) AS (SELECT CAST(?1 AS uuid) UNION SELECT c.id FROM customer c"
                        + " JOIN tree ON c.merged_into = tree.id) SELECT ml.survivor_id, ml.id, ml.merged_id FROM merge_log ml"
                        + " WHERE ml.survivor_id IN (SELECT id FROM tree) AND ml.basis = 'LEGACY'"
                        + " AND ml.unmerged_at IS NULL ORDER BY ml.created_at DESC",
                Object[].class)
                .setParameter(1, customerId).getResultList()))
                .chain(legacy -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Object[] m : legacy) {
                        chain = chain.chain(() -> unmerge((UUID) m[0], (UUID) m[1], actor)).replaceWithVoid();
                    }
                    return chain.replaceWith(legacy.stream().map(m -> (UUID) m[2]).toList());
                });
    }

    /**
     * Undoes a merge: what it moved goes back, and the merged profile is active again. Once it committed, both
     * profiles' cached policies are forgotten.
     */
    public Uni<MergeLog> unmerge(UUID customerId, UUID mergeId, String actor) {
        return Conflicts.retried(() -> Panache.withTransaction(() -> restore(customerId, mergeId, actor)))
                .call(m -> policies.invalidate(m.survivorId))
                .call(m -> policies.invalidate(m.mergedId));
    }

    private Uni<MergeLog> restore(UUID customerId, UUID mergeId, String actor) {
        return log.findById(mergeId).chain(entry -> {
            if (entry == null || !entry.survivorId.equals(customerId)) {
                return Uni.createFrom().failure(ProblemException.notFound("Merge " + mergeId));
            }
            if (entry.unmergedAt != null) {
                return Uni.createFrom().failure(ProblemException.conflict("already-unmerged",
                        "This merge was already undone"));
            }
            Moved moved = json.read(entry.moved, Moved.class);
            return contactPointsBack(entry.mergedId, moved.contactPoints())
                    .chain(() -> requests.move(moved.requests(), entry.mergedId))
                    .chain(() -> customers.findById(entry.mergedId))
                    .invoke(c -> {
                        c.status = Customer.Status.ACTIVE;
                        c.mergedInto = null;
                        c.updatedAt = clock.instant();
                        entry.unmergedAt = clock.instant();
                        entry.unmergedBy = actor;
                    })
                    .call(() -> outbox.event(new CustomerUnmerged(entry.id, entry.survivorId, entry.mergedId)))
                    .replaceWith(entry);
        });
    }

    private static Uni<Void> contactPointsBack(UUID customerId, List<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(session -> session
                .createNativeQuery("UPDATE contact_point SET customer_id = ?1 WHERE id IN (?2)")
                .setParameter(1, customerId).setParameter(2, ids)
                .executeUpdate()).replaceWithVoid();
    }

    /** What a merge moved. */
    public record Moved(List<UUID> contactPoints, List<UUID> requests) {
    }
}
