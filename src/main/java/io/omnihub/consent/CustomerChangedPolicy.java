package io.omnihub.consent;

import java.util.UUID;

import io.omnihub.platform.InProcessEvent;

/**
 * The customer's own action changed their consent or preferences (an SMS START, writing in on a channel), as opposed
 * to an operator recording a change. Raised after the commit: replies held for this customer may be sendable now.
 */
public record CustomerChangedPolicy(UUID customerId) implements InProcessEvent {
}
