package io.omnihub.customer;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.channel.ContactKind;
import io.omnihub.platform.Ids;
import io.omnihub.platform.Json;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * Pairs of profiles that a claimed identifier suggests are one customer: recorded, never merged, until a supervisor
 * of either profile's teams or a privacy officer merges or dismisses them. A dismissed pair is not suggested again.
 */
@ApplicationScoped
class SuspectedDuplicates {

    private final Json json;
    private final Clock clock;
    private final SuspectedDuplicateRepository rows;

    SuspectedDuplicates(Json json, Clock clock, SuspectedDuplicateRepository rows) {
        this.rows = rows;
        this.json = json;
        this.clock = clock;
    }

    /** One matching value: its kind and how far each side trusts it (never the value itself). */
    @RegisterForReflection
    public record Match(ContactKind kind, Trust trust, Trust otherTrust, String channel) {
    }

    /**
     * Records {@code customer}, a profile that existed before this transaction, against each other profile, in the
     * caller's transaction (a pair open or dismissed already is not suggested again).
     */
    Uni<Void> record(UUID customer, Map<UUID, List<Match>> others) {
        if (others.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<UUID, String> evidence = new HashMap<>();
        others.forEach((other, matches) -> evidence.put(other, json.write(evidence(matches))));
        return rows.suggest(customer, evidence, clock.instant());
    }

    /**
     * The pairs a profile created now starts with, one against each other profile, as {@link NewProfiles} writes them
     * with it: a JSON array of rows, each with its id, the other profile and the evidence.
     */
    String pairs(Map<UUID, List<Match>> others) {
        return json.write(others.entrySet().stream().map(e -> Map.of("id", Ids.next().toString(), "other",
                e.getKey().toString(), "evidence", evidence(e.getValue()))).toList());
    }

    private static Map<String, List<Match>> evidence(List<Match> matches) {
        return Map.of("matches", matches);
    }

    /**
     * After a merge, in its transaction: the pair it joined is settled, and pairs that named the merged profile now
     * name the golden record (a pair that would repeat one already open is dropped).
     */
    Uni<Void> merged(UUID survivor, UUID merged, UUID mergeId, String actor) {
        return rows.merged(survivor, merged, mergeId, actor, clock.instant());
    }
}
