package io.omnihub.consent;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.platform.Json;
import io.omnihub.platform.SessionSql;
import io.omnihub.routing.Purpose;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * Customers' policies as stored: the version, the preferences and the current consents of each, read as one text per
 * customer, so that another feature's statement can read them with its own rows ({@link #select}). The text is read
 * by Jackson into the policy's classes, which a native image reaches by reflection.
 */
@ApplicationScoped
@WithSession
@RegisterForReflection(targets = { StoredPolicies.StoredPolicy.class, Preference.class, Consent.class, Purpose.class })
class StoredPolicies {

    private final Json json;

    StoredPolicies(Json json) {
        this.json = json;
    }

    /** A customer's policy as stored: its version, preferences (or null) and current consents. */
    record StoredPolicy(long version, Preference preference, List<Consent> consents) {
    }

    /**
     * The select of these customers' policies: a row of four columns per profile that {@code versions} reads (the
     * profiles' select of the id and policy version of each of the customers ?1), the customer, a null text, the
     * policy as a JSON text ({@link #parse}) and a null {@code timestamptz}, for a statement that reads them with
     * other rows of that shape ({@code UNION ALL}). A profile that does not exist has no row. The version, the
     * preferences and the consents are of one snapshot, the statement's.
     */
    static String select(String versions) {
        return "SELECT v.id, CAST(NULL AS text), CAST(json_build_object('version', v.version,"
                + " 'preference', CASE WHEN p.customer_id IS NULL THEN NULL ELSE json_build_object("
                + "'preferredChannels', p.preferred_channels, 'onlyPreferred', p.only_preferred,"
                + " 'quietStart', p.quiet_start, 'quietEnd', p.quiet_end, 'timeZone', p.time_zone,"
                + " 'language', p.language) END,"
                + " 'consents', coalesce((SELECT json_agg(json_build_object('channel', c.channel, 'purpose',"
                + " c.purpose, 'granted', c.granted)) FROM consent c WHERE c.customer_id = v.id), '[]')) AS text),"
                + " CAST(NULL AS timestamptz) FROM (" + versions + ") v (id, version)"
                + " LEFT JOIN preference p ON p.customer_id = v.id";
    }

    /** A policy as {@link #select} reads it. */
    StoredPolicy parse(String text) {
        return json.read(text, StoredPolicy.class);
    }

    /** These customers' policies, by customer, in one statement; a profile that does not exist is absent. */
    Uni<Map<UUID, StoredPolicy>> read(String versions, Collection<UUID> customerIds) {
        return SessionSql.select(select(versions), (Object) customerIds.toArray(UUID[]::new)).map(rows -> {
            Map<UUID, StoredPolicy> policies = new HashMap<>();
            rows.forEach(row -> policies.put((UUID) row[0], parse((String) row[2])));
            return policies;
        });
    }
}
