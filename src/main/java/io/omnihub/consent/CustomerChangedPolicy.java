package io.omnihub.consent;

import java.util.UUID;

import io.omnihub.platform.InProcessEvent;

/**
 * The customer's own command changed their consent (an SMS START or STOP, a bot's start or stop command), or a merge
 * of their profiles did, as opposed to an operator recording a change. Raised after the commit: replies held for this
 * customer may be sendable now. A consent implied by writing in raises none; what it makes sendable is picked up by
 * delivery's sweep of held replies.
 */
public record CustomerChangedPolicy(UUID customerId) implements InProcessEvent {
}
