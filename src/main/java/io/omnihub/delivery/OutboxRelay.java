package io.omnihub.delivery;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.hibernate.LockMode;
import org.jboss.logging.Logger;

import io.omnihub.platform.Json;
import io.omnihub.platform.LiveNotices;
import io.omnihub.platform.Outbox;
import io.omnihub.platform.OutboxEntry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.Context;

/**
 * Publishes outbox rows to Kafka as CloudEvents, then marks them published, in one transaction per batch. Rows
 * are claimed with {@code FOR UPDATE SKIP LOCKED}, so any number of replicas can relay at once without publishing
 * a row twice in the normal case; a crash between the send and the commit republishes the row with the same
 * CloudEvents id, which consumers de-duplicate on. It runs when woken after a commit and every poll interval.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final URI SOURCE = URI.create("/omnihub");
    private static final int BATCH = 200;
    private static final int MAX_ATTEMPTS = 10;

    private final MutinyEmitter<String> kafka;
    private final io.vertx.core.Vertx vertx;
    private final ReplyDispatch dispatch;
    private final Json json;
    private final LiveNotices live;
    private final Clock clock;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private volatile boolean stopped;

    public OutboxRelay(@Channel("outbox") MutinyEmitter<String> kafka, io.vertx.core.Vertx vertx,
            ReplyDispatch dispatch, Json json, LiveNotices live, Clock clock) {
        this.clock = clock;
        this.dispatch = dispatch;
        this.live = live;
        this.json = json;
        this.kafka = kafka;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) {
        vertx.eventBus().<String> consumer(Outbox.WAKE_UP).handler(m -> wakeUp());
    }

    /** Stops relaying before the database pool closes. */
    void onStop(@Observes ShutdownEvent event) {
        stopped = true;
    }

    @Scheduled(every = "${omnihub.outbox.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> poll() {
        wakeUp();
        return Uni.createFrom().voidItem();
    }

    /** Relays now; if a relay is running, it runs once more when done. */
    void wakeUp() {
        if (stopped) {
            return;
        }
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        again.set(false);
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        List<OutboxEntry> events = new ArrayList<>();
        context.runOnContext(ignored -> Panache.withTransaction(() -> relayBatch(events))
                .invoke(() -> events.forEach(live::announce)) // committed: operators' screens may refresh
                .onFailure().invoke(e -> LOG.warnf("Outbox relay failed, will retry: %s", e.getMessage()))
                .onFailure().recoverWithItem(0)
                .subscribe().with(published -> {
                    running.set(false);
                    if (published == BATCH || again.get()) {
                        wakeUp();
                    }
                }));
    }

    /**
     * A reply's CloudEvents id is its message id, so adapters de-duplicate redeliveries; an event's is its outbox
     * id.
     */
    static String cloudEventId(OutboxEntry entry) {
        return entry.topic.startsWith("omnihub.replies.") ? entry.aggregateId.toString() : entry.id.toString();
    }

    /** Relays one batch; the events it published are added to {@code events}. */
    private Uni<Integer> relayBatch(List<OutboxEntry> events) {
        return Panache.getSession().chain(session -> session
                // HQL, not a native query with an entity result: Hibernate caches a native query's plan under a key
                // that a new result mapping never equals, so every run would add an entry and slow every lookup
                .createSelectionQuery("from OutboxEntry where publishedAt is null and availableAt <= ?1 order by id",
                        OutboxEntry.class)
                .setParameter(1, clock.instant())
                .setMaxResults(BATCH)
                .setLockMode(LockMode.UPGRADE_SKIPLOCKED)
                .getResultList()
                // the database work: the replies' check reads for all of them at once, then each entry in turn on
                // this transaction's session
                .chain(entries -> dispatch.load(entries.stream().filter(OutboxRelay::isReply).toList())
                        .chain(batch -> Multi.createFrom().iterable(entries)
                                .onItem().transformToUniAndConcatenate(e -> prepare(e, batch))
                                .collect().asList())
                        // then every send at once: the producer batches them, in this order, per partition
                        .chain(this::publishAll)
                        .invoke(() -> entries.stream()
                                .filter(e -> e.publishedAt != null && Outbox.EVENTS_TOPIC.equals(e.topic))
                                .forEach(events::add))
                        .map(kafkaFailed -> kafkaFailed ? 0 : entries.size())));
    }

    /** An entry ready to send ({@code payload} null: nothing to send), and what to record once Kafka has it. */
    private record Ready(OutboxEntry entry, String payload, Runnable published) {
    }

    private static final Runnable NOTHING = () -> {
    };

    private static boolean isReply(OutboxEntry entry) {
        return entry.topic.startsWith(ReplyService.REPLIES_TOPIC);
    }

    /**
     * A reply is checked again and assembled now (its payload lives only in memory, never in the outbox row). A reply
     * that must not go any more is marked done; a failure leaves the entry for a later attempt.
     */
    private Uni<Ready> prepare(OutboxEntry entry, ReplyDispatch.Batch batch) {
        if (!isReply(entry)) {
            return Uni.createFrom().item(new Ready(entry, entry.payload, NOTHING));
        }
        return dispatch.prepare(entry, batch)
                .map(p -> {
                    if (p == null) {
                        entry.publishedAt = clock.instant(); // erased, held or re-routed since
                        return new Ready(entry, null, NOTHING);
                    }
                    return new Ready(entry, p.payload() == null ? entry.payload : json.write(p.payload()),
                            p.published());
                })
                .onFailure().recoverWithItem(e -> {
                    failed(entry, e);
                    return new Ready(entry, null, NOTHING);
                });
    }

    /**
     * Sends every ready entry and marks those Kafka acknowledged. When Kafka fails, one failure counts as an attempt
     * and the other unsent entries simply wait for the next run, so an outage never parks a backlog. Answers whether
     * Kafka failed.
     */
    private Uni<Boolean> publishAll(List<Ready> ready) {
        AtomicBoolean kafkaFailed = new AtomicBoolean();
        return Multi.createFrom().iterable(ready)
                .filter(r -> r.payload() != null)
                .onItem().transformToUni(r -> publish(r.entry(), r.payload())
                        .invoke(r.published())
                        .invoke(() -> r.entry().publishedAt = clock.instant())
                        .onFailure().recoverWithItem(e -> {
                            if (kafkaFailed.compareAndSet(false, true)) {
                                failed(r.entry(), e);
                            }
                            return null;
                        }))
                .merge(BATCH)
                .collect().last()
                .map(ignored -> kafkaFailed.get());
    }

    /**
     * A failed entry is tried again later with a growing delay; after {@link #MAX_ATTEMPTS} it is parked, so one bad
     * row never blocks the others.
     */
    private void failed(OutboxEntry entry, Throwable e) {
        entry.attempts++;
        if (entry.attempts >= MAX_ATTEMPTS) {
            LOG.errorf("Outbox entry %s parked after %d failed attempts: %s", entry.id, entry.attempts,
                    e.getClass().getSimpleName());
            entry.publishedAt = clock.instant();
        } else {
            entry.availableAt = clock.instant().plusSeconds(1L << Math.min(entry.attempts, 8));
            LOG.warnf("Outbox entry %s not relayed (attempt %d): %s", entry.id, entry.attempts,
                    e.getClass().getSimpleName());
        }
    }

    private Uni<Void> publish(OutboxEntry entry, String payload) {
        var kafkaMetadata = OutgoingKafkaRecordMetadata.<String> builder()
                .withTopic(entry.topic)
                .withKey(entry.messageKey)
                .build();
        var cloudEvent = OutgoingCloudEventMetadata.builder()
                .withId(cloudEventId(entry))
                .withType(entry.type)
                .withSource(SOURCE)
                .withSubject(entry.aggregateId.toString())
                .withTimestamp(entry.createdAt.atZone(java.time.ZoneOffset.UTC))
                .withDataContentType("application/json")
                .build();
        return kafka.sendMessage(Message.of(payload).addMetadata(kafkaMetadata).addMetadata(cloudEvent));
    }
}
