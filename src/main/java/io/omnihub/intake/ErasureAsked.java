package io.omnihub.intake;

import java.util.UUID;

import io.omnihub.customer.Identity;
import io.omnihub.platform.InProcessEvent;

/**
 * A customer asked by keyword for their data to be erased (SMS ERASE), raised in the transaction that stores the
 * message. Only a webhook whose sender the carrier vouches for raises it.
 *
 * @param customerId the profile the message was stored on
 * @param messageId the ERASE message
 * @param sender the vouched sender's identifier: the erasure reaches only what it proved is theirs
 * @param via the channel it came in on
 */
public record ErasureAsked(UUID customerId, UUID messageId, Identity sender, String via) implements InProcessEvent {
}
