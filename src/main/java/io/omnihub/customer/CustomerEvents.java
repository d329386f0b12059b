package io.omnihub.customer;

import java.util.UUID;

import io.omnihub.platform.DomainEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The events of the customer feature. */
public final class CustomerEvents {

    private CustomerEvents() {
    }

    /** Two profiles were found to be one customer: {@code mergedId} now points to {@code survivorId}. */
    @RegisterForReflection
    public record CustomerMerged(UUID mergeId, UUID survivorId, UUID mergedId, String reason) implements DomainEvent {
        @Override
        public Meta meta() {
            return new Meta("customer.merged", "customer", survivorId);
        }
    }

    /** A merge was undone: {@code mergedId} is a profile of its own again. */
    @RegisterForReflection
    public record CustomerUnmerged(UUID mergeId, UUID survivorId, UUID mergedId) implements DomainEvent {
        @Override
        public Meta meta() {
            return new Meta("customer.unmerged", "customer", survivorId);
        }
    }
}
