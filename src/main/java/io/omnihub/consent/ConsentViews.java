package io.omnihub.consent;

import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/** What the consent and preference APIs answer. */
public final class ConsentViews {

    private ConsentViews() {
    }

    /** The current state of one channel and purpose. */
    public record State(String channel, String purpose, boolean granted, UUID eventId, Instant since) {
    }

    /** One entry of the ledger. */
    public record Event(UUID id, String channel, String purpose, String action, String textVersion,
            String capturedChannel, String actor, JsonNode evidence, Instant occurredAt) {
    }

    /** Current state with the full history behind it: the proof. */
    public record Ledger(UUID customerId, List<State> current, List<Event> history) {
    }

    /** A customer's preferences. */
    public record Preferences(UUID customerId, List<String> preferredChannels, boolean onlyPreferred,
            LocalTime quietStart, LocalTime quietEnd, String timeZone, String language, Instant updatedAt,
            String updatedBy) {
    }
}
