package io.omnihub.customer;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.channel.ContactKind;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ContactPointRepository implements PanacheRepositoryBase<ContactPoint, UUID> {

    /** The contact point with this keyed hash whose profile owns the value: the trusted one, else the oldest claim. */
    public Uni<ContactPoint> owner(byte[] valueHash) {
        return find("valueHash = ?1 order by case when trust = ?2 then 1 else 0 end, id", valueHash, Trust.CLAIMED)
                .firstResult();
    }

    /** The customer's contact with this keyed hash, or null. On the caller's session. */
    public Uni<ContactPoint> ofCustomer(UUID customerId, byte[] valueHash) {
        return find("customerId = ?1 and valueHash = ?2", customerId, valueHash).firstResult();
    }

    /** The customer's active contact of this kind, a vouched or verified one before a claimed one; or null. */
    public Uni<ContactPoint> bestActive(UUID customerId, ContactKind kind) {
        return find("customerId = ?1 and kind = ?2 and state = ?3 order by case when trust = ?4 then 1 else 0 end,"
                + " id desc", customerId, kind, ContactPoint.State.ACTIVE, Trust.CLAIMED).firstResult();
    }

    /**
     * The kinds of contact these customers have, by customer, each with its best state: ACTIVE when one contact of
     * that kind is, else RETIRED or UNREACHABLE. One statement, on the caller's session.
     */
    public Uni<Map<UUID, Map<String, String>>> kindsOf(Collection<UUID> customers) {
        // HQL, not native SQL: see ConsentProfiles
        return getSession().chain(s -> s.createSelectionQuery(
                "select distinct customerId, str(kind), str(state) from ContactPoint where customerId in ?1",
                Object[].class).setParameter(1, customers).getResultList())
                .map(rows -> {
                    Map<UUID, Map<String, String>> kinds = new HashMap<>();
                    rows.forEach(row -> kinds.computeIfAbsent((UUID) row[0], c -> new HashMap<>())
                            .merge((String) row[1], (String) row[2], (a, b) -> "ACTIVE".equals(a) ? a : b));
                    return kinds;
                });
    }
}
