package io.omnihub.customer;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.omnihub.consent.ConsentLedger;
import io.omnihub.consent.PolicyCache;
import io.omnihub.customer.CustomerEvents.CustomerMerged;
import io.omnihub.customer.CustomerEvents.CustomerUnmerged;
import io.omnihub.platform.Audit;
import io.omnihub.platform.Conflicts;
import io.omnihub.platform.Ids;
import io.omnihub.platform.Json;
import io.omnihub.platform.Outbox;
import io.omnihub.platform.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.annotations.RegisterForReflection;
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
    private final ContactPointRepository contacts;
    private final Audit audit;

    public MergeService(CustomerRepository customers, MergeLogRepository log, Outbox outbox, Json json,
            ConsentLedger ledger, PolicyCache policies, Clock clock, SuspectedDuplicates duplicates,
            MergedRequests requests, ContactPointRepository contacts, Audit audit) {
        this.audit = audit;
        this.contacts = contacts;
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
    public Uni<Merge> mergeManually(UUID survivor, UUID merged, String actor) {
        return Conflicts.retried(() -> Panache.withTransaction(() -> lockAndMerge(survivor, merged, actor)))
                .call(() -> policies.invalidate(survivor))
                .call(() -> policies.invalidate(merged))
                .map(Merge::of);
    }

    /** A merge as its callers learn of it: its id, and the two profiles. */
    public record Merge(UUID id, UUID survivorId, UUID mergedId) {

        static Merge of(MergeLog m) {
            return new Merge(m.id, m.survivorId, m.mergedId);
        }
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
        return contacts.foldShared(survivor, merged).chain(() -> contacts.moveAll(merged, survivor))
                .chain(contactPoints -> requests.moveAll(merged, survivor)
                        .map(moved -> json.write(new Moved(new ArrayList<>(contactPoints), new ArrayList<>(moved)))))
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
                .call(entry -> audit.record(actor, "customer.merged", "customer", survivor,
                        Map.of("mergedId", merged, "mergeId", entry.id, "basis", basis)))
                .call(entry -> outbox.event(new CustomerMerged(entry.id, survivor, merged, reason)));
    }

    /**
     * Undoes every merge in this profile's tree that was made before trust levels existed (LEGACY: it may have joined
     * on identifiers nobody proved), so that an action by what one sender proved (an SMS ERASE) reaches only them.
     * Answers the profiles restored.
     */
    public Uni<List<UUID>> unmergeUnproven(UUID customerId, String actor) {
        return log.legacyInTree(customerId)
                .chain(legacy -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (MergeLogRepository.Legacy m : legacy) {
                        chain = chain.chain(() -> unmerge(m.survivorId(), m.mergeId(), actor)).replaceWithVoid();
                    }
                    return chain.replaceWith(legacy.stream().map(MergeLogRepository.Legacy::mergedId).toList());
                });
    }

    /**
     * Undoes a merge: what it moved goes back, and the merged profile is active again. Once it committed, both
     * profiles' cached policies are forgotten.
     */
    public Uni<Merge> unmerge(UUID customerId, UUID mergeId, String actor) {
        return Conflicts.retried(() -> Panache.withTransaction(() -> restore(customerId, mergeId, actor)))
                .call(m -> policies.invalidate(m.survivorId))
                .call(m -> policies.invalidate(m.mergedId))
                .map(Merge::of);
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
            // the golden record, then the merged profile, locked in the order an erasure locks them (the other order
            // could deadlock with it): one erased with its golden record since, or while this waited, stays erased
            return customers.lockedStatus(entry.survivorId).chain(() -> customers.lockedStatus(entry.mergedId))
                    .chain(status -> !Customer.Status.MERGED.name().equals(status)
                            ? Uni.createFrom().failure(ProblemException.conflict("customer-not-merged",
                                    "The merged profile is " + (status == null ? "gone" : status.toLowerCase())
                                            + "; the merge cannot be undone"))
                            : Uni.createFrom().voidItem())
                    .chain(() -> contacts.moveBack(entry.mergedId, moved.contactPoints()))
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
                    .call(() -> audit.record(actor, "customer.unmerged", "customer", entry.survivorId,
                            Map.of("mergedId", entry.mergedId, "mergeId", entry.id)))
                    .replaceWith(entry);
        });
    }

    /** What a merge moved. */
    @RegisterForReflection
    public record Moved(List<UUID> contactPoints, List<UUID> requests) {
    }
}
