package io.omnihub.request;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;

import io.smallrye.mutiny.Uni;

/**
 * Where the replies among a request's messages went and how far they got. The delivery feature owns replies and
 * implements this, so that timelines show them without the request feature reading delivery's tables or depending
 * on it. Runs on the caller's session.
 */
public interface ReplyStates {

    /** The states of those of these messages that are replies, by message id. */
    Uni<Map<UUID, ReplyState>> of(Collection<UUID> messageIds);

    /**
     * A reply's delivery as a timeline shows it.
     *
     * @param channel where it goes or went; null while held
     * @param status its delivery status
     * @param routingDecision the last routing decision as JSON: the chosen channel and every rejected one with why
     */
    record ReplyState(String channel, String status, String routingDecision) {
    }
}
