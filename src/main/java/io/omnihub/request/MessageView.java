package io.omnihub.request;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A message as operators see it, labelled with its channel.
 *
 * @param author CUSTOMER, BOT, STAFF, OPERATOR or SYSTEM: bot turns of a chatbot transcript say BOT
 * @param authorRef who, when not the customer (staff member, operator, bot)
 * @param routingDecision for replies: the chosen channel and every rejected candidate with its reason
 */
public record MessageView(UUID id, UUID requestId, String direction, String channel, String channelName,
        String author, String authorRef, String text, Instant occurredAt, String deliveryStatus,
        JsonNode attachments, JsonNode routingDecision) {
}
