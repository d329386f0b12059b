package io.omnihub.delivery;

import java.time.Instant;
import java.util.UUID;

import io.omnihub.routing.Purpose;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a channel adapter receives on {@code omnihub.replies.<channel>} (and a webhook-style adapter in a push): one
 * attempt at delivering a reply. The written contract is {@code channels/contract/reply-command.schema.json};
 * {@code ReplyCommandContractTest} holds this record, what Omnihub publishes, and the reference adapters' own copy
 * ({@code channels/common}) to it.
 *
 * @param to where to send it: a contact ({@code kind} phone, email, app_user, …) or the conversation the request came
 *        from ({@code kind} thread)
 * @param attempt 1 for the first attempt; a retry is a new attempt, a redelivery of the same attempt is a duplicate
 *        the adapter reports again but delivers once
 */
@RegisterForReflection
public record ReplyCommand(UUID messageId, UUID requestId, UUID customerId, String channel, Purpose purpose, To to,
        String text, int attempt, Instant createdAt, Instant dispatchedAt) {

    /** The address {@code to}: its kind, and the value on the channel. */
    @RegisterForReflection
    public record To(String kind, String value) {
    }
}
