package io.omnihub.request;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.customer.MergedRequests;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** Requests following their customer through a merge and its undoing, on the caller's session. */
@ApplicationScoped
@WithSession
class RequestMerges implements MergedRequests {

    @Override
    public Uni<List<UUID>> moveAll(UUID from, UUID to) {
        return Panache.getSession().chain(s -> s.createNativeQuery("UPDATE request SET customer_id = ?1,"
                + " version = version + 1 WHERE customer_id = ?2 RETURNING id", UUID.class)
                .setParameter(1, to).setParameter(2, from).getResultList());
    }

    @Override
    public Uni<Void> move(List<UUID> requestIds, UUID to) {
        if (requestIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(s -> s.createNativeQuery("UPDATE request SET customer_id = ?1,"
                + " version = version + 1 WHERE id IN (?2)").setParameter(1, to).setParameter(2, requestIds)
                .executeUpdate()).replaceWithVoid();
    }
}
