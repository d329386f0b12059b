package io.omnihub.platform;

import static io.omnihub.platform.SessionSql.column;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Records events and outbound messages in the transactional outbox, inside the caller's transaction. Events carry
 * ids and metadata only, never personal data. A hot path wraps its work in {@link #batched}, so that all it records
 * is written with one statement, or with its last statement ({@link #updateWithHeld}).
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

    /** The context-local key under which {@link #batched} holds back entries. */
    private static final String HELD = Outbox.class.getName() + ".held";
    /**
     * Every entry of a batch, whatever their number, in one statement of constant text: a column's values as an array
     * each, the payloads as texts PostgreSQL reads as JSON once.
     */
    private static final String INSERT_ALL = insertAll(0);
    /** A statement that carries a batch's entries ({@link #updateWithHeld}), by the statement's own text. */
    private static final Map<String, String> CARRYING = new ConcurrentHashMap<>();

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
        Held held = held();
        if (held != null) {
            held.pending.add(entry);
            return Uni.createFrom().item(entry);
        }
        return Panache.getSession().chain(s -> s.persist(entry)).replaceWith(entry);
    }

    /**
     * Runs {@code work} in the caller's transaction, holding back the entries it records, and writes them all with
     * one statement once it succeeded. Each entry stays a row of its own with its key, so the relay's order per key
     * holds; only statements are saved. Inside another batch, {@code work} joins it.
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
            Held held = new Held(written);
            context.putLocal(HELD, held);
            return work.get()
                    .call(() -> {
                        context.removeLocal(HELD); // anything recorded from now on is written at once
                        return held.pending.isEmpty() ? Uni.createFrom().voidItem()
                                : SessionSql.update(INSERT_ALL, columns(held.take())).replaceWithVoid();
                    })
                    .onTermination().invoke(() -> context.removeLocal(HELD));
        });
    }

    /**
     * Runs a statement that answers no rows, and writes the entries the batch holds so far with it, in a data-modifying
     * {@code WITH} before it: the two writes in one statement. The work's last statement (the intake's receipt) saves
     * the batch a statement of its own. Outside a batch, or with nothing held, the statement runs alone. Answers the
     * statement's own count of rows written; it does not see the entries.
     */
    public Uni<Integer> updateWithHeld(String sql, Object... values) {
        Held held = held();
        if (held == null || held.pending.isEmpty()) {
            return SessionSql.update(sql, values);
        }
        String text = CARRYING.computeIfAbsent(sql, s -> {
            String entries = "outbox_entries AS (" + insertAll(values.length) + ")";
            return s.startsWith("WITH ") ? "WITH " + entries + ", " + s.substring(5) : "WITH " + entries + " " + s;
        });
        Object[] columns = columns(held.take());
        Object[] all = Arrays.copyOf(values, values.length + columns.length);
        System.arraycopy(columns, 0, all, values.length, columns.length);
        return SessionSql.update(text, all);
    }

    /** What a batch holds back, and what it wrote (which the transaction wakes the relay for). */
    private static final class Held {
        final List<OutboxEntry> pending = new ArrayList<>();
        final List<OutboxEntry> written;

        Held(List<OutboxEntry> written) {
            this.written = written;
        }

        /** The entries held now, as written: the batch holds none after. */
        List<OutboxEntry> take() {
            List<OutboxEntry> taken = List.copyOf(pending);
            written.addAll(taken);
            pending.clear();
            return taken;
        }
    }

    private static Held held() {
        Context context = Vertx.currentContext();
        return context == null ? null : context.getLocal(HELD);
    }

    /** The insert of a batch's entries, its placeholders numbered after the first {@code before}. */
    private static String insertAll(int before) {
        StringBuilder casts = new StringBuilder();
        String[] types = { "uuid[]", "text[]", "text[]", "text[]", "text[]", "uuid[]", "text[]", "timestamptz[]",
                "timestamptz[]" };
        for (int i = 0; i < types.length; i++) {
            casts.append(i == 0 ? "" : ", ").append("CAST(?").append(before + i + 1).append(" AS ").append(types[i])
                    .append(')');
        }
        return "INSERT INTO outbox (id, topic, message_key, type, aggregate_type, aggregate_id, payload, created_at,"
                + " available_at) SELECT id, topic, message_key, type, aggregate_type, aggregate_id,"
                + " CAST(payload AS jsonb), created_at, available_at FROM unnest(" + casts + ") AS r(id, topic,"
                + " message_key, type, aggregate_type, aggregate_id, payload, created_at, available_at)";
    }

    /** The entries' fields, a typed array each, in the order of {@link #insertAll}'s placeholders. */
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
