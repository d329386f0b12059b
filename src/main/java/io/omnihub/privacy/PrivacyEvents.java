package io.omnihub.privacy;

import java.util.List;
import java.util.UUID;

import io.omnihub.platform.DomainEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The events of the privacy feature. */
public final class PrivacyEvents {

    private PrivacyEvents() {
    }

    /**
     * A customer was erased: adapters and downstream systems erase their copies. {@code mergedProfiles} lists every
     * profile the erasure reached, the customer's own first; {@code actId} is the destruction act.
     */
    @RegisterForReflection
    public record CustomerErased(UUID customerId, List<UUID> mergedProfiles, UUID actId) implements DomainEvent {
        @Override
        public Meta meta() {
            return new Meta("customer.erased", "customer", customerId);
        }
    }
}
