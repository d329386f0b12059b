package io.omnihub.customer;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.omnihub.platform.Audit;
import io.omnihub.platform.Json;
import io.omnihub.platform.ProblemException;
import io.omnihub.security.Caller;
import io.omnihub.security.Roles;
import io.omnihub.security.Visibility;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * The review queue of suspected duplicates. Supervisors of either profile's teams and privacy officers see a pair
 * and merge it (the older profile survives; the merge log and unmerge apply) or dismiss it; anyone else, operators
 * included, gets 404, as for what does not exist.
 */
@ApplicationScoped
public class DuplicateReview {

    private static final int PAGE = 100;
    /** Open pairs read to fill a page with those the caller may see. */
    private static final int SCAN = 2_000;

    private final Visibility visibility;
    private final MergeService merges;
    private final Audit audit;
    private final Json json;
    private final Clock clock;
    private final SuspectedDuplicateRepository rows;

    public DuplicateReview(Visibility visibility, MergeService merges, Audit audit, Json json, Clock clock,
            SuspectedDuplicateRepository rows) {
        this.rows = rows;
        this.visibility = visibility;
        this.merges = merges;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    /** A pair as reviewers see it: the two profiles and the evidence (kinds and trust levels, never values). */
    public record View(UUID id, UUID customerA, UUID customerB, JsonNode evidence, String status, Instant createdAt,
            Instant decidedAt, String decidedBy, UUID mergeId) {

        /** Each match in words: "phone: claimed vs vouched (on chatbot)". */
        public List<String> matches() {
            List<String> words = new java.util.ArrayList<>();
            evidence.path("matches").forEach(m -> words.add(m.path("kind").asText().toLowerCase() + ": "
                    + m.path("trust").asText().toLowerCase() + " vs " + m.path("otherTrust").asText().toLowerCase()
                    + " (on " + m.path("channel").asText() + ")"));
            return words;
        }
    }

    /** The open pairs this caller may review, oldest first. */
    @WithSession
    public Uni<List<View>> open(Caller caller) {
        if (!reviewer(caller)) {
            return Uni.createFrom().failure(ProblemException.notFound("Suspected duplicates"));
        }
        return rows.open(SCAN).map(found -> found.stream().map(this::view).toList())
                .chain(pairs -> visibility.seen(pairs.stream().flatMap(p -> java.util.stream.Stream.of(p.customerA(),
                        p.customerB())).collect(java.util.stream.Collectors.toSet()), caller)
                        .map(seen -> pairs.stream().filter(p -> seen.contains(p.customerA())
                                || seen.contains(p.customerB())).limit(PAGE).toList()));
    }

    /** One pair, if this caller may review it. */
    public Uni<View> one(UUID id, Caller caller) {
        return visible(id, caller);
    }

    /** Merges the pair (the older profile survives), as a supervisor's merge. */
    public Uni<View> merge(UUID id, Caller caller) {
        return visible(id, caller).chain(view -> {
            if (!view.status().equals("OPEN")) {
                return Uni.createFrom().failure(ProblemException.conflict("already-decided",
                        "This pair was already " + view.status().toLowerCase()));
            }
            boolean aFirst = view.customerA().toString().compareTo(view.customerB().toString()) < 0;
            return merges.mergeManually(aFirst ? view.customerA() : view.customerB(),
                    aFirst ? view.customerB() : view.customerA(), caller.actor())
                    .chain(() -> visible(id, caller));
        });
    }

    /** Dismisses the pair: they are different customers, and the pair is not suggested again. Audited. */
    public Uni<View> dismiss(UUID id, Caller caller) {
        return visible(id, caller).chain(view -> Panache.withTransaction(() -> rows
                .dismiss(id, caller.actor(), clock.instant())
                .chain(dismissed -> !dismissed
                        ? Uni.createFrom().failure(ProblemException.conflict("already-decided",
                                "This pair was already decided"))
                        : audit.record(caller.actor(), "duplicate.dismissed", "customer", view.customerA(),
                                java.util.Map.of("duplicateId", id.toString(), "other", view.customerB().toString())))))
                .chain(() -> visible(id, caller));
    }

    private static boolean reviewer(Caller caller) {
        return caller.has(Roles.SUPERVISOR) || caller.has(Roles.PRIVACY_OFFICER);
    }

    /** The pair, or 404 when it does not exist or the caller may not review it. */
    private Uni<View> visible(UUID id, Caller caller) {
        if (!reviewer(caller)) {
            return Uni.createFrom().failure(ProblemException.notFound("Suspected duplicate"));
        }
        return rows.one(id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Suspected duplicate"))
                .map(this::view)
                .call(view -> visibility.sees(view.customerA(), caller)
                        .chain(a -> a ? Uni.createFrom().item(true) : visibility.sees(view.customerB(), caller))
                        .invoke(seen -> {
                            if (!seen) {
                                throw ProblemException.notFound("Suspected duplicate");
                            }
                        }));
    }

    private View view(SuspectedDuplicateRepository.Row r) {
        return new View(r.id(), r.customerA(), r.customerB(), json.tree(r.evidence()), r.status(), r.createdAt(),
                r.decidedAt(), r.decidedBy(), r.mergeId());
    }
}
