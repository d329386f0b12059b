package io.omnihub.delivery;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.customer.crypto.CustomerKeys;
import io.omnihub.customer.crypto.PersonalDataCipher;
import io.omnihub.platform.Ids;
import io.omnihub.platform.Json;
import io.omnihub.request.Message;
import io.omnihub.request.MessageRepository;
import io.omnihub.request.Request;
import io.omnihub.routing.Decision;
import io.omnihub.routing.Purpose;
import io.smallrye.mutiny.Uni;

/**
 * A one-time code's message: it goes to one contact, on that contact's channel, now, and nowhere else. It is never
 * routed, so it never falls back; {@link CodeAddresses} addresses it when it is published. Runs in the caller's
 * transaction.
 */
@ApplicationScoped
public class DirectReplies {

    private final ReplyOutbox replies;
    private final ReplyRepository stored;
    private final MessageRepository messages;
    private final CustomerKeys keys;
    private final PersonalDataCipher cipher;
    private final Json json;

    DirectReplies(ReplyOutbox replies, ReplyRepository stored, MessageRepository messages, CustomerKeys keys,
            PersonalDataCipher cipher, Json json) {
        this.replies = replies;
        this.stored = stored;
        this.messages = messages;
        this.keys = keys;
        this.cipher = cipher;
        this.json = json;
    }

    /** The message a reply says, on its request, written by {@code author} at {@code at}; its text still unsealed. */
    static Message message(UUID requestId, Message.Author author, String authorRef, Instant at) {
        Message m = new Message();
        m.id = Ids.next();
        m.requestId = requestId;
        m.direction = Message.Direction.OUTBOUND;
        m.author = author;
        m.authorRef = authorRef;
        m.occurredAt = at;
        m.createdAt = at;
        return m;
    }

    /**
     * Stores the message on the request (its text sealed with the customer's key), its reply going on
     * {@code channel} to the contact, and the reply's outbox entry; answers the message's id.
     *
     * @param text the text, with a {@code {code}} placeholder filled in when it is published
     */
    public Uni<UUID> code(Request request, UUID contactPointId, String channel, String actor, String text,
            Instant now) {
        Message m = message(request.id, Message.Author.SYSTEM, actor, now);
        Reply reply = new Reply(m.id, request.id, Purpose.VERIFICATION, now);
        Decision decision = new Decision(Decision.Outcome.ROUTED, channel, now, List.of(
                new Decision.Candidate(channel, "VERIFICATION", true, List.of())), 0, now);
        ReplyLifecycle.routed(reply, decision, json.write(decision));
        ReplyLifecycle.addressed(reply, contactPointId);
        return keys.load(List.of(request.customerId))
                .invoke(() -> m.bodyEnc = cipher.seal(request.customerId, "body", text))
                .chain(() -> messages.persist(m))
                .chain(() -> stored.persist(reply))
                .chain(() -> replies.schedule(reply, now))
                .replaceWith(m.id);
    }
}
