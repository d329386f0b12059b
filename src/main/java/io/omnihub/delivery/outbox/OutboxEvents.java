package io.omnihub.delivery.outbox;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.omnihub.platform.DomainEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The events of the outbox relay. */
public final class OutboxEvents {

    private OutboxEvents() {
    }

    /** An outbox entry failed too often to be retried on its own; an admin may requeue it. */
    @RegisterForReflection
    public record OutboxEntryDead(UUID entryId, String topic, @JsonProperty("type") String entryType, int attempts,
            String error, @JsonIgnore String aggregateType, @JsonIgnore UUID aggregateId) implements DomainEvent {
        @Override
        public Meta meta() {
            return new Meta("outbox.entry-dead", aggregateType, aggregateId);
        }
    }
}
