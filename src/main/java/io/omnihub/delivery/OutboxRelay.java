package io.omnihub.delivery;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.hibernate.LockMode;
import org.jboss.logging.Logger;

import io.omnihub.platform.Json;
import io.omnihub.platform.LiveNotices;
import io.omnihub.platform.Outages;
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
 * Publishes outbox rows to Kafka as CloudEvents, then marks them published, in one transaction per batch. Rows are
 * claimed with {@code FOR UPDATE SKIP LOCKED}, so any number of replicas relay at once, and a row goes out only
 * after every older pending row with its key ({@link OutboxOrder}), so each conversation keeps its order. A crash
 * between the send and the commit republishes a row with the same CloudEvents id, which consumers de-duplicate on.
 * Kafka being away costs a row nothing; a row's own failures are handled by {@link OutboxFailures}. It runs when
 * woken after a commit and every poll interval, and stops, finishing its batch, before the database pool closes.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final URI SOURCE = URI.create("/omnihub");
    private static final int BATCH = 200;
    /** How long shutdown waits for a batch under way. */
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);

    private final MutinyEmitter<String> kafka;
    private final io.vertx.core.Vertx vertx;
    private final ReplyDispatch dispatch;
    private final OutboxFailures failures;
    private final Json json;
    private final LiveNotices live;
    private final Clock clock;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final AtomicReference<CompletableFuture<Void>> current = new AtomicReference<>(
            CompletableFuture.completedFuture(null));
    private volatile boolean stopped;

    public OutboxRelay(@Channel("outbox") MutinyEmitter<String> kafka, io.vertx.core.Vertx vertx,
            ReplyDispatch dispatch, OutboxFailures failures, Json json, LiveNotices live, Clock clock) {
        this.kafka = kafka;
        this.vertx = vertx;
        this.dispatch = dispatch;
        this.failures = failures;
        this.json = json;
        this.live = live;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        vertx.eventBus().<String> consumer(Outbox.WAKE_UP).handler(m -> wakeUp());
    }

    /** Stops relaying, and waits for a batch under way, before the database pool closes. */
    void onStop(@Observes ShutdownEvent event) {
        stopped = true;
        try {
            current.get().get(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warnf("Outbox relay batch still running at shutdown: %s", e.getClass().getSimpleName());
        }
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
        CompletableFuture<Void> done = new CompletableFuture<>();
        current.set(done);
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        List<OutboxEntry> events = new ArrayList<>();
        context.runOnContext(ignored -> Panache.withTransaction(() -> relayBatch(events))
                .invoke(() -> events.forEach(live::announce)) // committed: operators' screens may refresh
                .onFailure().invoke(e -> LOG.warnf("Outbox relay failed, will retry: %s", e.getClass().getSimpleName()))
                .onFailure().recoverWithItem(false)
                .subscribe().with(more -> {
                    running.set(false);
                    done.complete(null);
                    if (more || again.get()) {
                        wakeUp();
                    }
                }));
    }

    /**
     * A reply's CloudEvents id is its message id, so adapters de-duplicate redeliveries; an event's is its outbox
     * id.
     */
    static String cloudEventId(OutboxEntry entry) {
        return isReply(entry) ? entry.aggregateId.toString() : entry.id.toString();
    }

    static boolean isReply(OutboxEntry entry) {
        return entry.topic.startsWith(ReplyService.REPLIES_TOPIC);
    }

    /**
     * Relays one batch; the events it published are added to {@code events}. Answers whether to run again at once (a
     * full batch went out).
     */
    private Uni<Boolean> relayBatch(List<OutboxEntry> events) {
        return Panache.getSession().chain(session -> session
                // HQL, not a native query with an entity result: Hibernate caches a native query's plan under a key
                // that a new result mapping never equals, so every run would add an entry and slow every lookup
                .createSelectionQuery("from OutboxEntry where publishedAt is null and deadAt is null"
                        + " and availableAt <= ?1 order by id", OutboxEntry.class)
                .setParameter(1, clock.instant())
                .setMaxResults(BATCH)
                .setLockMode(LockMode.UPGRADE_SKIPLOCKED)
                .getResultList())
                .chain(claimed -> OutboxOrder.sendable(claimed)
                        // the database work: the replies' check reads for all of them at once, then each entry in
                        // turn on this transaction's session
                        .chain(entries -> dispatch.load(entries.stream().filter(OutboxRelay::isReply).toList())
                                .chain(batch -> Multi.createFrom().iterable(entries)
                                        .onItem().transformToUniAndConcatenate(e -> prepare(e, batch))
                                        .collect().asList())
                                // then every send at once: the producer batches them, in this order, per partition
                                .chain(this::publishAll)
                                .invoke(kafkaAway -> entries.stream()
                                        .filter(e -> e.publishedAt != null && Outbox.EVENTS_TOPIC.equals(e.topic))
                                        .forEach(events::add))
                                .map(kafkaAway -> !kafkaAway && claimed.size() == BATCH)));
    }

    /** An entry ready to send ({@code payload} null: nothing to send), and what to record once Kafka has it. */
    private record Ready(OutboxEntry entry, String payload, Runnable published, boolean failed) {
    }

    private static final Runnable NOTHING = () -> {
    };

    /**
     * A reply is checked again and assembled now (its payload lives only in memory, never in the outbox row). A reply
     * that must not go any more is marked done; a reply that cannot be assembled is charged an attempt.
     */
    private Uni<Ready> prepare(OutboxEntry entry, ReplyDispatch.Batch batch) {
        if (!isReply(entry)) {
            return Uni.createFrom().item(new Ready(entry, entry.payload, NOTHING, false));
        }
        return dispatch.prepare(entry, batch)
                .map(p -> {
                    if (p == null) {
                        entry.publishedAt = clock.instant(); // erased, held or re-routed since
                        return new Ready(entry, null, NOTHING, false);
                    }
                    return new Ready(entry, json.write(p.command()),
                            p.published(), false);
                })
                .onFailure(e -> !Outages.isDatabaseOutage(e))
                .recoverWithUni(e -> failures.charge(entry, e).replaceWith(new Ready(entry, null, NOTHING, true)));
    }

    /**
     * Sends every ready entry and marks those Kafka acknowledged; an entry after a failed one with the same key waits
     * for the next run. When Kafka is away nothing is charged: unsent entries simply wait. Answers whether Kafka
     * failed.
     */
    private Uni<Boolean> publishAll(List<Ready> ready) {
        AtomicBoolean kafkaAway = new AtomicBoolean();
        Set<String> held = new HashSet<>();
        List<Ready> going = new ArrayList<>();
        for (Ready r : ready) {
            if (held.contains(r.entry().messageKey)) {
                continue;
            }
            if (r.failed()) {
                held.add(r.entry().messageKey);
            } else if (r.payload() != null) {
                going.add(r);
            }
        }
        return Multi.createFrom().iterable(going)
                .onItem().transformToUni(r -> publish(r.entry(), r.payload())
                        .invoke(r.published())
                        .invoke(() -> r.entry().publishedAt = clock.instant())
                        .onFailure().recoverWithUni(e -> {
                            if (OutboxFailures.entrysOwnFault(e)) {
                                return failures.charge(r.entry(), e);
                            }
                            if (kafkaAway.compareAndSet(false, true)) {
                                LOG.debugf("Kafka did not take the batch (%s): it waits, nothing is charged",
                                        e.getClass().getSimpleName());
                            }
                            return Uni.createFrom().voidItem();
                        }))
                .merge(BATCH)
                .collect().last()
                .map(ignored -> kafkaAway.get());
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
                .withTimestamp(entry.createdAt.atZone(ZoneOffset.UTC))
                .withDataContentType("application/json")
                .build();
        return kafka.sendMessage(Message.of(payload).addMetadata(kafkaMetadata).addMetadata(cloudEvent));
    }
}
