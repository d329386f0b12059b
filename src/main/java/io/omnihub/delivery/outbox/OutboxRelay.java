package io.omnihub.delivery.outbox;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.omnihub.delivery.outbox.OutboxPreparation.Prepared;
import io.omnihub.platform.HeldTopics;
import io.omnihub.platform.LiveNotices;
import io.omnihub.platform.Outbox;
import io.omnihub.platform.OutboxEntry;
import io.omnihub.platform.PersonalDataGate;
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
 * Publishes outbox rows to Kafka as CloudEvents, then marks them published with one statement, in one transaction
 * per batch. Rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so any number of replicas relay at once, and a row
 * goes out only after every older pending row with its key ({@link OutboxOrder}), so each conversation keeps its
 * order. A crash between the send and the commit republishes a row with the same CloudEvents id, which consumers
 * de-duplicate on. It knows no topic: entries that need work just before they go (replies) are prepared by their
 * {@link OutboxPreparation}. Kafka being away costs a row nothing; a row's own failures are handled by
 * {@link OutboxFailures}. It sends nothing while the {@link PersonalDataGate} is shut, and nothing to a topic
 * {@link HeldTopics} holds back. It runs when woken after a commit and every poll interval, and stops, finishing its
 * batch, before the database pool closes.
 */
@ApplicationScoped
class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final URI SOURCE = URI.create("/omnihub");
    private static final int BATCH = 200;
    /** How long shutdown waits for a batch under way. */
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);

    private final MutinyEmitter<String> kafka;
    private final io.vertx.core.Vertx vertx;
    private final OutboxPreparations preparations;
    private final OutboxFailures failures;
    private final LiveNotices live;
    private final Clock clock;
    private final OutboxEntries entries;
    private final PersonalDataGate gate;
    private final HeldTopics held;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final AtomicReference<CompletableFuture<Void>> current = new AtomicReference<>(
            CompletableFuture.completedFuture(null));
    private volatile boolean stopped;

    public OutboxRelay(@Channel("outbox") MutinyEmitter<String> kafka, io.vertx.core.Vertx vertx,
            OutboxPreparations preparations, OutboxFailures failures, LiveNotices live, Clock clock,
            OutboxEntries entries, PersonalDataGate gate, HeldTopics held) {
        this.held = held;
        this.gate = gate;
        this.entries = entries;
        this.kafka = kafka;
        this.vertx = vertx;
        this.preparations = preparations;
        this.failures = failures;
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
        // a restored database may hold sends to customers erased since: nothing goes before the erasure log is applied
        if (stopped || !gate.isOpen()) {
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
        context.runOnContext(ignored -> Panache.withTransaction(this::relayBatch)
                .invoke(relayed -> live.announce(relayed.events())) // committed: screens may refresh
                .map(Relayed::more)
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

    /** What a batch relayed: the domain events it published, and whether to run again at once (it was full). */
    private record Relayed(List<OutboxEntry> events, boolean more) {
    }

    private Uni<Relayed> relayBatch() {
        return entries.claimDue(clock.instant(), BATCH, held.topics())
                .chain(claimed -> Uni.createFrom().item(OutboxOrder.heads(claimed))
                        // the database work first, on this transaction's session; then every send at once: the
                        // producer batches them, in this order, per partition
                        .chain(this::prepare)
                        .chain(this::publishAll)
                        .call(done -> done.entries().isEmpty() ? Uni.createFrom().voidItem()
                                : entries.markPublished(done.entries().stream().map(e -> e.id).toList(),
                                        clock.instant()))
                        .map(done -> new Relayed(done.entries().stream()
                                .filter(e -> Outbox.EVENTS_TOPIC.equals(e.topic)).toList(),
                                !done.kafkaAway() && claimed.size() == BATCH)));
    }

    /** The entries a batch is done with (sent, or not to be sent), and whether Kafka was away. */
    private record Done(List<OutboxEntry> entries, boolean kafkaAway) {
    }

    /**
     * Each preparation gets its entries of the batch at once; the others go as they were recorded. Answers one
     * result per entry, in the entries' order.
     */
    private Uni<List<Prepared<?>>> prepare(List<OutboxEntry> entries) {
        Uni<List<Prepared<?>>> prepared = Uni.createFrom().item(List.of());
        for (OutboxPreparation<?> preparation : preparations.all()) {
            List<OutboxEntry> its = entries.stream().filter(preparation::handles).toList();
            if (!its.isEmpty()) {
                // one after the other: they share the relay's session
                prepared = prepared.chain(before -> preparation.prepare(its).map(more -> Stream
                        .<Prepared<?>> concat(before.stream(), more.stream()).toList()));
            }
        }
        return prepared.map(done -> {
            Map<OutboxEntry, Prepared<?>> byEntry = new IdentityHashMap<>();
            done.forEach(p -> byEntry.put(p.entry(), p));
            return entries.stream().<Prepared<?>> map(e -> byEntry.getOrDefault(e,
                    new Prepared.Send<>(e, e.payload, null))).toList();
        });
    }

    /**
     * Charges the entries that failed, then sends those to be sent; an entry after a failed one with the same key
     * waits for the next run. When Kafka is away nothing is charged: unsent entries simply wait. Answers the entries
     * done: those not to be sent, and those Kafka acknowledged.
     */
    private Uni<Done> publishAll(List<Prepared<?>> prepared) {
        Set<String> held = new HashSet<>();
        List<Prepared.Send<?>> going = new ArrayList<>();
        List<Prepared.Failed<?>> failed = new ArrayList<>();
        Queue<OutboxEntry> done = new ConcurrentLinkedQueue<>(); // acknowledgements may come on Kafka's threads
        for (Prepared<?> p : prepared) {
            if (held.contains(p.entry().messageKey)) {
                continue;
            }
            if (p instanceof Prepared.Failed<?> f) {
                held.add(f.entry().messageKey);
                failed.add(f);
            } else if (p instanceof Prepared.Skip<?> skip) {
                done.add(skip.entry());
            } else {
                going.add((Prepared.Send<?>) p);
            }
        }
        return Multi.createFrom().iterable(failed)
                .onItem().transformToUniAndConcatenate(f -> failures.charge(f.entry(), f.cause()))
                .collect().last()
                .chain(() -> Multi.createFrom().iterable(going)
                        .onItem().transformToUni(send -> send(send, done))
                        .merge(BATCH)
                        .collect().asList())
                .map(outcomes -> {
                    var away = outcomes.stream().flatMap(Optional::stream).findFirst();
                    away.ifPresent(e -> LOG.debugf("Kafka did not take the batch (%s): it waits, nothing is charged",
                            e.getClass().getSimpleName()));
                    return new Done(List.copyOf(done), away.isPresent());
                });
    }

    /** One entry to Kafka: answers Kafka's failure, if it was Kafka's; an entry's own failure is charged to it. */
    private Uni<Optional<Throwable>> send(Prepared.Send<?> send, Queue<OutboxEntry> done) {
        return publish(send.entry(), send.payload())
                .invoke(() -> published(send, done))
                .map(sent -> Optional.<Throwable> empty())
                .onFailure().recoverWithUni(e -> OutboxFailures.entrysOwnFault(e)
                        ? failures.charge(send.entry(), e).map(charged -> Optional.<Throwable> empty())
                        : Uni.createFrom().item(Optional.of(e)));
    }

    /** Kafka has it: the entry is done, and its preparation, if any, records what went out. */
    @SuppressWarnings("unchecked") // of(entry) is the preparation that prepared it, with its own T
    private <T> void published(Prepared.Send<T> sent, Queue<OutboxEntry> done) {
        done.add(sent.entry());
        preparations.of(sent.entry()).ifPresent(p -> ((OutboxPreparation<T>) p).published(sent));
    }

    private Uni<Void> publish(OutboxEntry entry, String payload) {
        var kafkaMetadata = OutgoingKafkaRecordMetadata.<String> builder()
                .withTopic(entry.topic)
                .withKey(entry.messageKey)
                .build();
        var cloudEvent = OutgoingCloudEventMetadata.builder()
                .withId(preparations.cloudEventId(entry))
                .withType(entry.type)
                .withSource(SOURCE)
                .withSubject(entry.aggregateId.toString())
                .withTimestamp(entry.createdAt.atZone(ZoneOffset.UTC))
                .withDataContentType("application/json")
                .build();
        return kafka.sendMessage(Message.of(payload).addMetadata(kafkaMetadata).addMetadata(cloudEvent));
    }
}
