package io.omnihub.delivery;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.platform.Outbox;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * The one place a reply's attempt is put into the outbox: on {@code omnihub.replies.<its channel>}, keyed by its
 * request so a conversation keeps its order, due at {@code at}. The entry holds the reply's id only; its text and
 * address are assembled when it is published ({@link ReplyPreparation}). Runs in the caller's transaction.
 */
@ApplicationScoped
class ReplyOutbox {

    /** The topics of replies: the prefix, then the channel id. */
    static final String TOPIC_PREFIX = "omnihub.replies.";

    /** What a reply's outbox entry holds. */
    @RegisterForReflection
    record Entry(UUID messageId) {
    }

    private final Outbox outbox;

    ReplyOutbox(Outbox outbox) {
        this.outbox = outbox;
    }

    Uni<Void> schedule(Reply reply, Instant at) {
        return outbox.record(TOPIC_PREFIX + reply.channel, reply.requestId.toString(), "reply", "message",
                reply.messageId, new Entry(reply.messageId), at).replaceWithVoid();
    }
}
