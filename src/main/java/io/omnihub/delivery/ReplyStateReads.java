package io.omnihub.delivery;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.request.ReplyStates;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** Replies' states for the request feature's timelines, in one query. */
@ApplicationScoped
class ReplyStateReads implements ReplyStates {

    @Override
    public Uni<Map<UUID, ReplyState>> of(Collection<UUID> messageIds) {
        if (messageIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Panache.getSession().chain(s -> s.createSelectionQuery("from Reply where messageId in ?1", Reply.class)
                .setParameter(1, messageIds).getResultList())
                .map(replies -> replies.stream().collect(Collectors.toMap(p -> p.messageId,
                        p -> new ReplyState(p.channel, p.status.name(), p.routingDecision))));
    }
}
