package io.omnihub.request;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class MessageRepository implements PanacheRepositoryBase<Message, UUID> {

    /** The messages of these requests, in conversation order. */
    public Uni<List<Message>> ofRequests(Collection<UUID> requestIds) {
        return list("requestId in ?1 order by occurredAt, id", requestIds);
    }

    /** The ids of the messages on these customers' requests, on the caller's session. */
    public Uni<List<UUID>> idsOfCustomers(Mutiny.Session s, Collection<UUID> customerIds) {
        return s.createNativeQuery("SELECT m.id FROM message m JOIN request r ON r.id = m.request_id"
                + " WHERE r.customer_id IN (?1)", UUID.class).setParameter(1, customerIds).getResultList();
    }

    public Uni<List<String>> externalIds(UUID requestId, String channel) {
        return Panache.getSession().chain(s -> s.createSelectionQuery("select externalId from Message"
                + " where requestId = ?1 and channel = ?2 and externalId is not null", String.class)
                .setParameter(1, requestId).setParameter(2, channel).getResultList());
    }
}
