package io.omnihub.customer;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.platform.ProblemException;
import io.smallrye.mutiny.Uni;

/**
 * A claimed contact the customer proved with a one-time code becomes VERIFIED. If another profile already holds the
 * same value vouched or verified, the code proves the two profiles are one customer: they are merged (the older
 * survives), and the suspected duplicates between them are settled. Runs in the caller's transaction.
 */
@ApplicationScoped
public class ContactTrust {

    private final ContactPointRepository contactPoints;
    private final MergeService merges;
    private final Clock clock;

    public ContactTrust(ContactPointRepository contactPoints, MergeService merges, Clock clock) {
        this.contactPoints = contactPoints;
        this.merges = merges;
        this.clock = clock;
    }

    /** What a verification proved: the profile that holds the contact now, and the profiles merged into it. */
    public record Proven(UUID customerId, List<UUID> merged, String kind) {
    }

    public Uni<Proven> verified(UUID contactPointId, String actor) {
        return contactPoints.locked(contactPointId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Contact point"))
                .chain(cp -> contactPoints.find("valueHash = ?1 and trust <> ?2 and customerId <> ?3", cp.valueHash,
                        Trust.CLAIMED, cp.customerId).firstResult()
                        .chain(owner -> owner == null ? verify(cp) : join(cp, owner, actor)));
    }

    private Uni<Proven> verify(ContactPoint cp) {
        cp.trust = Trust.VERIFIED;
        cp.proof = Proof.CODE;
        cp.proofRef = null;
        cp.trustedAt = clock.instant();
        return Uni.createFrom().item(new Proven(cp.customerId, List.of(), cp.kind.wireName()));
    }

    /** The value is another profile's already: this claim goes, and the two profiles become one. */
    private Uni<Proven> join(ContactPoint claim, ContactPoint owner, String actor) {
        UUID mine = claim.customerId;
        UUID theirs = owner.customerId;
        boolean mineFirst = mine.toString().compareTo(theirs.toString()) < 0;
        UUID survivor = mineFirst ? mine : theirs;
        UUID merged = mineFirst ? theirs : mine;
        return contactPoints.delete(claim).chain(contactPoints::flush)
                .chain(() -> merges.mergeAll(survivor, List.of(merged), "verified " + claim.kind.wireName(), actor,
                        MergeLog.Basis.TRUSTED))
                .map(done -> new Proven(survivor, done, claim.kind.wireName()));
    }
}
