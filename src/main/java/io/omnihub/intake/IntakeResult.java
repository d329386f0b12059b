package io.omnihub.intake;

import java.util.UUID;

/**
 * What intake did with an envelope.
 *
 * @param requestId the request it joined or started
 * @param customerId the customer profile it is attached to
 * @param messageId the (last) message stored
 * @param newRequest whether a new request started
 * @param duplicate whether this was a repeat of an envelope already accepted (the original result is returned)
 * @param status the request's status after this envelope (BOT while a bot handles the conversation); null for a
 *        duplicate
 */
public record IntakeResult(UUID requestId, UUID customerId, UUID messageId, boolean newRequest, boolean duplicate,
        String status) {

    IntakeResult asDuplicate() {
        return new IntakeResult(requestId, customerId, messageId, newRequest, true, null);
    }
}
