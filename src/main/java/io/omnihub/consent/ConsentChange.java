package io.omnihub.consent;

import java.util.Map;
import java.util.UUID;

import io.omnihub.routing.Purpose;

/**
 * A grant or withdrawal to record.
 *
 * @param textVersion the version of the consent text the customer saw
 * @param capturedChannel where the change was made
 * @param actor who made it: the customer, an operator id, the system
 * @param evidence what proves it
 */
public record ConsentChange(UUID customerId, String channel, Purpose purpose, ConsentEvent.Action action,
        String textVersion, String capturedChannel, String actor, Map<String, Object> evidence) {
}
