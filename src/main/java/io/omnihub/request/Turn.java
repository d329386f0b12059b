package io.omnihub.request;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One inbound message of a conversation, as intake hands it over.
 *
 * @param author the customer, a bot (chatbot transcripts) or staff entering it on the customer's behalf
 * @param authorRef who, when not the customer
 * @param text the body
 * @param occurredAt when it was written
 * @param externalId the channel's id for it, if it has one
 * @param attachmentsJson attachment metadata as JSON, if any
 */
@RegisterForReflection
public record Turn(Message.Author author, String authorRef, String text, Instant occurredAt, String externalId,
        String attachmentsJson) {
}
