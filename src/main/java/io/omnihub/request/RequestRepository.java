package io.omnihub.request;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class RequestRepository implements PanacheRepositoryBase<Request, UUID> {

    /** The customer of the newest request on this channel thread, whoever it is, or null. */
    public Uni<UUID> threadOwner(String channel, byte[] threadHash) {
        return find("originChannel = ?1 and originThreadHash = ?2 order by id desc", channel, threadHash).firstResult()
                .map(r -> r == null ? null : r.customerId);
    }

    /** The newest request of this customer on this channel thread. */
    public Uni<Request> latestOnThread(UUID customerId, String channel, byte[] threadHash) {
        return find("customerId = ?1 and originChannel = ?2 and originThreadHash = ?3 order by id desc",
                customerId, channel, threadHash).firstResult();
    }

    /** The requests of these customers: each request's customer, by request id. On the caller's session. */
    public Uni<Map<UUID, UUID>> customersOfRequestsOf(Collection<UUID> customerIds) {
        return getSession().chain(s -> s.createSelectionQuery("select id, customerId from Request"
                + " where customerId in ?1", Object[].class).setParameter(1, customerIds).getResultList())
                .map(rows -> {
                    Map<UUID, UUID> customers = new HashMap<>();
                    rows.forEach(row -> customers.put((UUID) row[0], (UUID) row[1]));
                    return customers;
                });
    }

    /** The channel a request came in on, or null if there is no such request; on the caller's session. */
    public Uni<String> originChannel(Mutiny.Session s, UUID requestId) {
        return s.createSelectionQuery("select originChannel from Request where id = ?1", String.class)
                .setParameter(1, requestId).getSingleResultOrNull();
    }
}
