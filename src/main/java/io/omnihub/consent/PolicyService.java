package io.omnihub.consent;

import java.time.ZoneId;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.routing.CustomerPolicy;
import io.omnihub.routing.Purpose;
import io.omnihub.routing.QuietHours;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** A customer's current policy (preferences and consent), through the cache. */
@ApplicationScoped
public class PolicyService {

    private final PolicyCache cache;

    private final Profiles profiles;

    private final StoredPolicies stored;

    public PolicyService(PolicyCache cache, Profiles profiles, StoredPolicies stored) {
        this.stored = stored;
        this.profiles = profiles;
        this.cache = cache;
    }

    /**
     * A customer's policy as the cache holds it ({@code cached}), or, when it holds none, what a caller that reads it
     * with a statement of its own ({@link #policiesSelect}) hands to {@link #loaded}.
     */
    public record Lookup(UUID customerId, long generation, CustomerPolicy cached) {
    }

    /** The customer's policy from the cache, if it holds it; no statement. */
    public Uni<Lookup> lookup(UUID customerId) {
        long generation = cache.generation(customerId);
        return cache.get(customerId).map(hit -> new Lookup(customerId, generation, hit));
    }

    /**
     * A lookup that holds nothing whatever the cache does: the policy is read as it stands (and cached, as
     * {@link #loaded} does).
     */
    public Lookup uncached(UUID customerId) {
        return new Lookup(customerId, cache.generation(customerId), null);
    }

    /**
     * The text of a select of the policies of the customers ?1 as stored, for a statement of another feature to read
     * with its own rows: a row of four columns per existing profile, the customer, a null text, the policy's text for
     * {@link #loaded}, a null {@code timestamptz}.
     */
    public String policiesSelect() {
        return StoredPolicies.select(profiles.policyVersionsSelect());
    }

    /**
     * The policy of a lookup that held none, from the text {@link #policiesSelect} read for its customer (null: no
     * such profile), cached unless it changed since the lookup.
     */
    public Uni<CustomerPolicy> loaded(Lookup lookup, String read) {
        CustomerPolicy policy = read == null ? CustomerPolicy.none() : build(stored.parse(read));
        return cache.put(lookup.customerId(), lookup.generation(), policy).replaceWith(policy);
    }

    /**
     * These customers' current policies, for the check just before a send: a cached policy serves only if it has the
     * stored version (every consent, preference or erasure moves the version on, in its own transaction); the others
     * are loaded. The versions are read by the caller's statement, with its own ({@link #versionsSelect}), in the
     * caller's transaction; no statement runs when every policy is cached.
     */
    public Uni<Map<UUID, CustomerPolicy>> current(Collection<UUID> customers, Map<UUID, Long> versions) {
        return Multi.createFrom().iterable(customers)
                .onItem().transformToUniAndConcatenate(id -> cache.get(id)
                        .map(cached -> cached != null && versions.containsKey(id)
                                && cached.version() == versions.get(id) ? Map.entry(id, cached) : null))
                .filter(java.util.Objects::nonNull)
                .collect().asMap(Map.Entry::getKey, Map.Entry::getValue)
                .chain(cached -> {
                    List<UUID> missing = customers.stream().filter(id -> !cached.containsKey(id)).toList();
                    return missing.isEmpty() ? Uni.createFrom().item(cached) : loadAll(missing).map(loaded -> {
                        Map<UUID, CustomerPolicy> all = new HashMap<>(cached);
                        all.putAll(loaded);
                        return all;
                    });
                });
    }

    /**
     * The text of the select of the policy versions {@link #current} checks: the id and policy version of each of the
     * profiles ?1, for a statement of another feature to read as a table with its own.
     */
    public String versionsSelect() {
        return profiles.policyVersionsSelect();
    }

    /**
     * Several customers' policies straight from the database, in one statement whatever their number, so each policy
     * is of one snapshot with the version it carries (what {@link #current} relies on: every change of a profile that
     * existed moves the version on in the transaction that makes it).
     */
    public Uni<Map<UUID, CustomerPolicy>> loadAll(Collection<UUID> customers) {
        return stored.read(profiles.policyVersionsSelect(), customers).map(found -> {
            Map<UUID, CustomerPolicy> result = new HashMap<>();
            for (UUID id : customers) {
                StoredPolicies.StoredPolicy p = found.get(id);
                result.put(id, p == null ? CustomerPolicy.none() : build(p));
            }
            return result;
        });
    }

    private static CustomerPolicy build(StoredPolicies.StoredPolicy stored) {
        long version = stored.version();
        Preference pref = stored.preference();
        Map<String, Map<Purpose, Boolean>> byChannel = new HashMap<>();
        for (Consent c : stored.consents()) {
            byChannel.computeIfAbsent(c.channel, k -> new EnumMap<>(Purpose.class)).put(c.purpose, c.granted);
        }
        if (pref == null) {
            return new CustomerPolicy(version, List.of(), false, null, null, byChannel);
        }
        QuietHours quiet = pref.quietStart == null || pref.quietEnd == null ? null
                : new QuietHours(pref.quietStart, pref.quietEnd, ZoneId.of(pref.timeZone == null ? "UTC" : pref.timeZone));
        return new CustomerPolicy(version, pref.preferred(), pref.onlyPreferred, quiet, pref.language, byChannel);
    }
}
