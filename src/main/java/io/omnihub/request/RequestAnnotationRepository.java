package io.omnihub.request;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.platform.Hql;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** Notes and labels of requests; each joins the caller's session and transaction. */
@ApplicationScoped
@WithSession
class RequestAnnotationRepository implements PanacheRepositoryBase<RequestNote, UUID> {

    /** The notes of these requests, oldest first. */
    Uni<List<RequestNote>> notes(Collection<UUID> requestIds) {
        Hql q = Hql.of("requestId in ?1 order by createdAt, id", requestIds);
        return list(q.text(), q.values());
    }

    Uni<Void> label(UUID requestId, String label) {
        return getSession().chain(s -> s.createNativeQuery(
                "INSERT INTO request_label (request_id, label) VALUES (?1, ?2) ON CONFLICT DO NOTHING")
                .setParameter(1, requestId).setParameter(2, label).executeUpdate()).replaceWithVoid();
    }

    Uni<Void> unlabel(UUID requestId, String label) {
        return getSession().chain(s -> s.createMutationQuery("delete from RequestLabel where requestId = ?1 and"
                + " label = ?2").setParameter(1, requestId).setParameter(2, label).executeUpdate()).replaceWithVoid();
    }

    Uni<List<String>> labels(UUID requestId) {
        return getSession().chain(s -> s.createSelectionQuery("select label from RequestLabel where requestId = ?1"
                + " order by label", String.class).setParameter(1, requestId).getResultList());
    }
}
