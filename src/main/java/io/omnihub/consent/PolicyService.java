package io.omnihub.consent;

import java.time.ZoneId;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.routing.CustomerPolicy;
import io.omnihub.routing.Purpose;
import io.omnihub.routing.QuietHours;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** A customer's current policy (preferences and consent), through the cache. */
@ApplicationScoped
public class PolicyService {

    private final PolicyCache cache;

    public PolicyService(PolicyCache cache) {
        this.cache = cache;
    }

    /** Needs an open session. */
    public Uni<CustomerPolicy> policy(UUID customerId) {
        long generation = cache.generation(customerId);
        return cache.get(customerId).chain(hit -> hit != null ? Uni.createFrom().item(hit)
                : load(customerId).call(p -> cache.put(customerId, generation, p)));
    }

    /** Straight from the database, bypassing the cache: for the check just before a send. */
    public Uni<CustomerPolicy> load(UUID customerId) {
        return Panache.getSession().chain(s -> s.find(Preference.class, customerId)
                .chain(pref -> s.createSelectionQuery("from Consent where customerId = ?1", Consent.class)
                        .setParameter(1, customerId).getResultList()
                        .chain(consents -> s.createSelectionQuery(
                                "select policyVersion from PolicyVersion where id = ?1", Long.class)
                                .setParameter(1, customerId).getSingleResultOrNull()
                                .map(version -> build(version == null ? 0 : version, pref, consents)))));
    }

    static CustomerPolicy build(long version, Preference pref, List<Consent> consents) {
        Map<String, Map<Purpose, Boolean>> byChannel = new HashMap<>();
        for (Consent c : consents) {
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
