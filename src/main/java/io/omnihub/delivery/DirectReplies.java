package io.omnihub.delivery;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.customer.crypto.CustomerKeys;
import io.omnihub.customer.crypto.PersonalDataCipher;
import io.omnihub.platform.Ids;
import io.omnihub.platform.Json;
import io.omnihub.platform.Outbox;
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

    /** A message and its reply, in one statement. */
    private static final String WRITE = "WITH m AS (" + MessageRepository.OUTBOUND + ") " + ReplyRepository.CREATED;

    private final ReplyOutbox replies;
    private final Outbox outbox;
    private final CustomerKeys keys;
    private final PersonalDataCipher cipher;
    private final Json json;

    DirectReplies(ReplyOutbox replies, Outbox outbox, CustomerKeys keys, PersonalDataCipher cipher, Json json) {
        this.replies = replies;
        this.outbox = outbox;
        this.keys = keys;
        this.cipher = cipher;
        this.json = json;
    }

    /**
     * Stores an outbound message on its request, its text sealed with the customer's key, and the message's reply, in
     * one statement that writes the outbox entries the caller's batch holds so far too ({@link Outbox#updateWithHeld}):
     * the caller records the reply's entries before. In the caller's transaction.
     */
    Uni<Void> store(RequestFacts request, Reply reply, Message.Author author, String authorRef, String text) {
        return keys.load(List.of(request.customerId())).chain(() -> {
            Object[] message = MessageRepository.outbound(reply.messageId, request.id(), author, authorRef,
                    cipher.seal(request.customerId(), "body", text), reply.createdAt);
            return outbox.updateWithHeld(WRITE, Stream.concat(Arrays.stream(message),
                    Arrays.stream(ReplyRepository.created(reply))).toArray());
        }).replaceWithVoid();
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
        return replies.schedule(reply, now)
                .chain(() -> store(request, reply, Message.Author.SYSTEM, actor, text))
                .replaceWith(reply.messageId);
    }
}
