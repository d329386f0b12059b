package io.omnihub.customer;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ContactPointRepository implements PanacheRepositoryBase<ContactPoint, UUID> {

    /** The contact point with this keyed hash whose profile owns the value: the trusted one, else the oldest claim. */
    public Uni<ContactPoint> owner(byte[] valueHash) {
        return find("valueHash = ?1 order by case when trust = ?2 then 1 else 0 end, id", valueHash, Trust.CLAIMED)
                .firstResult();
    }
}
