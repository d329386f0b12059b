package io.omnihub.consent;

import java.util.UUID;

import io.omnihub.platform.DomainEvent;
import io.omnihub.routing.Purpose;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The events of the consent feature. */
public final class ConsentEvents {

    private ConsentEvents() {
    }

    /** The customer granted or withdrew consent for a purpose on a channel; {@code eventId} is the ledger entry. */
    @RegisterForReflection
    public record ConsentChanged(UUID customerId, String channel, Purpose purpose, ConsentEvent.Action action,
            UUID eventId) implements DomainEvent {
        @Override
        public Meta meta() {
            return new Meta("consent.changed", "customer", customerId);
        }
    }
}
