package io.omnihub.platform;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Records events and outbound messages in the transactional outbox, inside the caller's transaction. Events carry
 * ids and metadata only, never personal data.
 */
@ApplicationScoped
public class Outbox {

    /** Topic of domain events for analytics, CRM and CDP. */
    public static final String EVENTS_TOPIC = "omnihub.events";
    /** Event-bus address that wakes the relay after a commit. */
    public static final String WAKE_UP = "omnihub.outbox.wake-up";

    private final Json json;
    private final Vertx vertx;
    private final Clock clock;

    public Outbox(Json json, Vertx vertx, Clock clock) {
        this.clock = clock;
        this.json = json;
        this.vertx = vertx;
    }

    /** An event on {@code omnihub.events}, keyed by the id of the aggregate it is about. */
    public Uni<OutboxEntry> event(DomainEvent event) {
        DomainEvent.Meta meta = event.meta();
        return record(EVENTS_TOPIC, meta.aggregateId().toString(), meta.type(), meta.aggregateType(),
                meta.aggregateId(), event, clock.instant());
    }

    /** Anything else to publish on {@code topic} from {@code availableAt} on; {@code data} is written as JSON. */
    public Uni<OutboxEntry> record(String topic, String key, String type, String aggregateType, UUID aggregateId,
            Object data, Instant availableAt) {
        OutboxEntry entry = new OutboxEntry();
        entry.id = Ids.next();
        entry.topic = topic;
        entry.messageKey = key;
        entry.type = type;
        entry.aggregateType = aggregateType;
        entry.aggregateId = aggregateId;
        entry.payload = json.write(data);
        entry.createdAt = clock.instant();
        entry.availableAt = availableAt;
        return Panache.getSession().chain(s -> s.persist(entry)).replaceWith(entry);
    }

    /** Tells the relay that something was committed, so it publishes now rather than at its next poll. */
    public void wakeRelay() {
        vertx.eventBus().send(WAKE_UP, "");
    }

}
