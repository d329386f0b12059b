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

    public DuplicateReview(Visibility visibility, MergeService merges, Audit audit, Json json, Clock clock) {
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
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "SELECT id, customer_a, customer_b, evidence::text, status, created_at, decided_at, decided_by, merge_id"
                        + " FROM suspected_duplicate WHERE status = 'OPEN' ORDER BY created_at, id LIMIT ?1",
                Object[].class).setParameter(1, SCAN).getResultList())
                .map(rows -> rows.stream().map(this::view).toList())
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
        return visible(id, caller).chain(view -> Panache.withTransaction(() -> Panache.getSession()
                .chain(s -> s.createNativeQuery("UPDATE suspected_duplicate SET status = 'DISMISSED', decided_at = ?2,"
                        + " decided_by = ?3 WHERE id = ?1 AND status = 'OPEN'").setParameter(1, id)
                        .setParameter(2, clock.instant()).setParameter(3, caller.actor()).executeUpdate())
                .chain(updated -> updated == 0
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
        return Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                "SELECT id, customer_a, customer_b, evidence::text, status, created_at, decided_at, decided_by, merge_id"
                        + " FROM suspected_duplicate WHERE id = ?1",
                Object[].class)
                .setParameter(1, id).getSingleResultOrNull()))
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

    private View view(Object[] r) {
        return new View((UUID) r[0], (UUID) r[1], (UUID) r[2], json.tree((String) r[3]), (String) r[4], instant(r[5]),
                instant(r[6]), (String) r[7], (UUID) r[8]);
    }

    private static Instant instant(Object value) {
        return value instanceof java.time.OffsetDateTime t ? t.toInstant() : (Instant) value;
    }
}
