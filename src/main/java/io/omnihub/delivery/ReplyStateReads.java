package io.omnihub.delivery;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.request.ReplyStates;
import io.smallrye.mutiny.Uni;

/** Replies' states for the request feature's timelines, in one query. */
@ApplicationScoped
class ReplyStateReads implements ReplyStates {

    private final ReplyRepository stored;

    ReplyStateReads(ReplyRepository stored) {
        this.stored = stored;
    }

    @Override
    public Uni<Map<UUID, ReplyState>> of(Collection<UUID> messageIds) {
        return stored.of(messageIds).map(replies -> replies.stream().collect(Collectors.toMap(p -> p.messageId,
                p -> new ReplyState(p.channel, p.status.name(), p.routingDecision))));
    }
}
