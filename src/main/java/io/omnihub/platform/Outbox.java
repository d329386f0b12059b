package io.omnihub.platform;

import static io.omnihub.platform.SessionSql.column;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Records events and outbound messages in the transactional outbox, inside the caller's transaction. Events carry
 * ids and metadata only, never personal data. A hot path wraps its work in {@link #batched}, so that all it records
 * is written with one statement, or with its last statement ({@link #updateWithHeld}), along with the writes other
 * features hand it to carry ({@link #carry}).
 */
@ApplicationScoped
public class Outbox {

    /** Topic of domain events for analytics, CRM and CDP. */
    public static final String EVENTS_TOPIC = "omnihub.events";
    /** The erasure log: every erasure's act without personal data, keyed by customer id, compacted, kept forever. */
    public static final String ERASURES_TOPIC = "omnihub.erasures";
    /** Event-bus address that wakes the relay after a commit. */
    public static final String WAKE_UP = "omnihub.outbox.wake-up";
    /**
     * The body of a wake-up after a commit that recorded domain events only, which nobody waits for: the relay may
     * wait for its events interval. Any other body wakes it at its batch interval.
     */
    public static final String EVENTS_ONLY = "events-only";

    /** The context-local key under which {@link #batched} holds back entries and carried writes. */
    private static final String HELD = Outbox.class.getName() + ".held";

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
        HeldWrites held = held();
        if (held != null) {
            held.pending.add(entry);
            return Uni.createFrom().item(entry);
        }
        return Panache.getSession().chain(s -> s.persist(entry)).replaceWith(entry);
    }

    /**
     * Runs {@code work} in the caller's transaction, holding back the entries it records and the writes it
     * {@link #carry carries}, and writes them all with one statement once it succeeded, unless its last statement
     * wrote them ({@link #updateWithHeld}). Each entry stays a row of its own with its key, so the relay's order per
     * key holds; only statements are saved. Inside another batch, {@code work} joins it.
     */
    public <T> Uni<T> batched(Supplier<Uni<T>> work) {
        return batched(work, new ArrayList<>());
    }

    /**
     * Runs {@code work} in a transaction of its own, {@link #batched}, and once it committed wakes the relay for what
     * it recorded: at once for anything but domain events, which may wait for the relay's events interval.
     */
    public <T> Uni<T> transaction(Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            List<OutboxEntry> written = new ArrayList<>();
            return Panache.withTransaction(() -> batched(work, written)).invoke(() -> {
                if (!written.isEmpty()) {
                    if (written.stream().allMatch(e -> EVENTS_TOPIC.equals(e.topic))) {
                        wakeRelayForEvents();
                    } else {
                        wakeRelay();
                    }
                }
            });
        });
    }

    /** {@link #batched}, adding what it wrote to {@code written} (nothing when it joins another batch). */
    private <T> Uni<T> batched(Supplier<Uni<T>> work, List<OutboxEntry> written) {
        return Uni.createFrom().deferred(() -> {
            Context context = Vertx.currentContext();
            if (context == null || held() != null) {
                return work.get();
            }
            HeldWrites held = new HeldWrites(written);
            context.putLocal(HELD, held);
            return work.get()
                    .call(() -> {
                        context.removeLocal(HELD); // anything recorded from now on is written at once
                        if (held.carriesWrites()) {
                            HeldWrites.Statement all = held.carriedBy("SELECT 1", new Object[0], Outbox::columns);
                            return SessionSql.update(all.text(), all.values()).replaceWithVoid();
                        }
                        return held.pending.isEmpty() ? Uni.createFrom().voidItem()
                                : SessionSql.update(HeldWrites.INSERT_ALL, columns(held.take())).replaceWithVoid();
                    })
                    .onTermination().invoke(() -> context.removeLocal(HELD));
        });
    }

    /**
     * Runs a statement that answers no rows, and writes what the batch holds so far with it, in a data-modifying
     * {@code WITH} before it: the entries, and the writes it {@link #carry carries}. The work's last statement (the
     * intake's receipt) saves the batch a statement of its own. Outside a batch, or with nothing held, the statement
     * runs alone. Answers the statement's own count of rows written; it does not see the held writes.
     */
    public Uni<Integer> updateWithHeld(String sql, Object... values) {
        HeldWrites held = held();
        if (held == null || held.isEmpty()) {
            return SessionSql.update(sql, values);
        }
        HeldWrites.Statement all = held.carriedBy(sql, values, Outbox::columns);
        return SessionSql.update(all.text(), all.values());
    }

    /**
     * Writes with the batch's next {@link #updateWithHeld} (its last statement), or at its end: {@code items} are items
     * of a {@code WITH}, data-modifying, named apart from the statement's own (after their feature's table) and carried
     * once per batch, their placeholders numbered from ?1 for {@code values}. Nothing in the transaction sees what they
     * write before that statement, so only a write that nothing in the work reads or writes again may wait for it.
     * Outside a batch they are written at once, by a statement of their own.
     */
    public Uni<Void> carry(String items, Object... values) {
        HeldWrites held = held();
        if (held == null) {
            return SessionSql.update("WITH " + items + " SELECT 1", values).replaceWithVoid();
        }
        held.carry(items, values);
        return Uni.createFrom().voidItem();
    }

    private static HeldWrites held() {
        Context context = Vertx.currentContext();
        return context == null ? null : context.getLocal(HELD);
    }

    /** The entries' fields, a typed array each, in the order of {@link HeldWrites#INSERT_ALL}'s placeholders. */
    private static Object[] columns(List<OutboxEntry> entries) {
        return new Object[] { column(entries, e -> e.id, UUID[]::new), column(entries, e -> e.topic, String[]::new),
                column(entries, e -> e.messageKey, String[]::new), column(entries, e -> e.type, String[]::new),
                column(entries, e -> e.aggregateType, String[]::new), column(entries, e -> e.aggregateId, UUID[]::new),
                column(entries, e -> e.payload, String[]::new), column(entries, e -> e.createdAt, Instant[]::new),
                column(entries, e -> e.availableAt, Instant[]::new) };
    }

    /** Tells the relay that something was committed, so it publishes now rather than at its next poll. */
    public void wakeRelay() {
        wake("");
    }

    /** {@link #wakeRelay} after a commit that recorded domain events only: they may wait for its events interval. */
    public void wakeRelayForEvents() {
        wake(EVENTS_ONLY);
    }

    private void wake(String body) {
        vertx.eventBus().send(WAKE_UP, body);
    }

}
