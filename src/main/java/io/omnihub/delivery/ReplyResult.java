package io.omnihub.delivery;

import java.util.UUID;

import io.omnihub.routing.Decision;

/**
 * What the reply API answers.
 *
 * @param status PENDING, DEFERRED (quiet hours) or HELD
 * @param channel where it goes; null when held
 * @param decision the chosen channel and every rejected candidate with its reasons
 */
public record ReplyResult(UUID messageId, UUID requestId, String status, String channel, Decision decision) {
}
