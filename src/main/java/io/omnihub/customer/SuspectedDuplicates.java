package io.omnihub.customer;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.channel.ContactKind;
import io.omnihub.platform.Ids;
import io.omnihub.platform.Json;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Pairs of profiles that a claimed identifier suggests are one customer: recorded, never merged, until a supervisor
 * of either profile's teams or a privacy officer merges or dismisses them. A dismissed pair is not suggested again.
 */
@ApplicationScoped
public class SuspectedDuplicates {

    private final Json json;
    private final Clock clock;

    public SuspectedDuplicates(Json json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    /** One matching value: its kind and how far each side trusts it (never the value itself). */
    public record Match(ContactKind kind, Trust trust, Trust otherTrust, String channel) {
    }

    /** Records {@code customer} against each other profile, in the caller's transaction. */
    Uni<Void> record(UUID customer, Map<UUID, List<Match>> others) {
        if (others.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // a profile created in this transaction must be written before a row refers to it
        Uni<Void> chain = Panache.getSession().chain(s -> s.flush());
        for (var other : others.entrySet()) {
            chain = chain.chain(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                    "INSERT INTO suspected_duplicate (id, customer_a, customer_b, evidence, created_at)"
                            + " SELECT ?1, ?2, ?3, CAST(CAST(?4 AS text) AS jsonb), ?5 WHERE NOT EXISTS (SELECT 1 FROM"
                            + " suspected_duplicate d WHERE least(d.customer_a, d.customer_b)"
                            + " = least(CAST(?2 AS uuid), CAST(?3 AS uuid)) AND greatest(d.customer_a, d.customer_b)"
                            + " = greatest(CAST(?2 AS uuid), CAST(?3 AS uuid))"
                            + " AND d.status IN ('OPEN', 'DISMISSED'))"
                            + " ON CONFLICT DO NOTHING")
                    .setParameter(1, Ids.next()).setParameter(2, customer).setParameter(3, other.getKey())
                    .setParameter(4, json.write(Map.of("matches", other.getValue())))
                    .setParameter(5, clock.instant())
                    .executeUpdate())).replaceWithVoid();
        }
        return chain;
    }

    /**
     * After a merge, in its transaction: the pair it joined is settled, and pairs that named the merged profile now
     * name the golden record (a pair that would repeat one already open is dropped).
     */
    Uni<Void> merged(UUID survivor, UUID merged, UUID mergeId, String actor) {
        return Panache.getSession().chain(s -> s.createNativeQuery("UPDATE suspected_duplicate SET status = 'MERGED',"
                + " decided_at = ?3, decided_by = ?4, merge_id = ?5 WHERE status = 'OPEN' AND least(customer_a,"
                + " customer_b) = least(CAST(?1 AS uuid), CAST(?2 AS uuid)) AND greatest(customer_a, customer_b)"
                + " = greatest(CAST(?1 AS uuid), CAST(?2 AS uuid))")
                .setParameter(1, survivor).setParameter(2, merged).setParameter(3, clock.instant())
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
}
