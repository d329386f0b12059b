package io.omnihub.consent;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.omnihub.platform.DomainEvent;
import io.omnihub.routing.Purpose;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The events of the consent feature. */
public final class ConsentEvents {

    private ConsentEvents() {
    }

    /**
     * The customer granted or withdrew consent for a purpose on a channel; {@code eventId} is the ledger entry;
     * {@code teams}, the teams of all the customer's requests when the writer knew them (a profile created by the
     * message that implied the consent), or null.
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConsentChanged(UUID customerId, String channel, Purpose purpose, ConsentEvent.Action action,
            UUID eventId, List<String> teams) implements DomainEvent {
        @Override
        public Meta meta() {
            return new Meta("consent.changed", "customer", customerId);
        }
    }
}
