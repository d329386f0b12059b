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
import io.omnihub.request.RequestFacts;
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

    /**
     * Stores an outbound message on its request, its text sealed with the customer's key, and the message's reply.
     * In the caller's transaction.
     */
    Uni<Void> store(RequestFacts request, Reply reply, Message.Author author, String authorRef, String text) {
        return keys.load(List.of(request.customerId()))
                .chain(() -> messages.addOutbound(reply.messageId, request.id(), author, authorRef,
                        cipher.seal(request.customerId(), "body", text), reply.createdAt))
                .chain(() -> stored.persist(reply)).replaceWithVoid();
    }

    /**
     * Stores the message on the request (its text sealed with the customer's key), its reply going on
     * {@code channel} to the contact, and the reply's outbox entry; answers the message's id.
     *
     * @param text the text, with a {@code {code}} placeholder filled in when it is published
     */
    public Uni<UUID> code(RequestFacts request, UUID contactPointId, String channel, String actor, String text,
            Instant now) {
        Reply reply = new Reply(Ids.next(), request, Purpose.VERIFICATION, now);
        Decision decision = new Decision(Decision.Outcome.ROUTED, channel, now, List.of(
                new Decision.Candidate(channel, "VERIFICATION", true, List.of())), 0, now);
        ReplyLifecycle.routed(reply, decision, json.write(decision));
        ReplyLifecycle.addressed(reply, contactPointId);
        return store(request, reply, Message.Author.SYSTEM, actor, text)
                .chain(() -> replies.schedule(reply, now))
                .replaceWith(reply.messageId);
    }
}
