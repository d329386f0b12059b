package io.omnihub.request;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
@WithSession
class RequestHistoryRepository implements PanacheRepositoryBase<RequestHistory, UUID> {

    /** A request's history, oldest first; on the caller's session. */
    Uni<List<RequestHistory>> of(UUID requestId) {
        return list("requestId = ?1 order by at, id", requestId);
    }
}
