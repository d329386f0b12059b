package io.omnihub.delivery.outbox;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

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
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;

/**
 * Publishes outbox rows to Kafka as CloudEvents, in one transaction per batch whose first statement claims the rows and
 * marks them published: the mark commits only with the sends done, and is taken back, before the commit, from any row
 * the batch did not finish. Rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so any number of replicas relay at
 * once, and a row goes out only after every older pending row with its key ({@link OutboxOrder}), so each conversation
 * keeps its order. A crash between the send and the commit republishes a row with the same CloudEvents id, which
 * consumers de-duplicate on. It knows no topic: entries that need work just before they go (replies) are prepared by
 * their {@link OutboxPreparation}. Kafka being away costs a row nothing; a row's own failures are handled by {@link
 * OutboxFailures}. It sends nothing while the {@link PersonalDataGate} is shut, and nothing to a topic {@link
 * HeldTopics} holds back. It runs when woken after a commit and every poll interval, a batch at most every {@link
 * OutboxConfig#batchInterval()}, or every {@link OutboxConfig#eventsInterval()} while only domain events wait, and
 * stops, finishing its batch, before the database pool closes.
 */
@ApplicationScoped
class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    static final int BATCH = 200;
    /** How long shutdown waits for a batch under way. */
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);

    private final io.vertx.core.Vertx vertx;
    private final OutboxPreparations preparations;
    private final OutboxSends sends;
    private final LiveNotices live;
    private final Clock clock;
    private final OutboxEntries entries;
    private final PersonalDataGate gate;
    private final HeldTopics held;
    private final long intervalNanos;
    private final long eventsIntervalNanos;
    /** When the last batch started ({@link System#nanoTime()}). */
    private volatile long lastStart;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    /** Whether a wake-up since the batch's start was for more than domain events. */
    private final AtomicBoolean againSoon = new AtomicBoolean();
    /** The batch a wake-up set a timer for, until it starts. */
    private final AtomicReference<Start> waiting = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<Void>> current = new AtomicReference<>(
            CompletableFuture.completedFuture(null));
    private volatile boolean stopped;

    public OutboxRelay(OutboxSends sends, io.vertx.core.Vertx vertx, OutboxPreparations preparations,
            LiveNotices live, Clock clock, OutboxEntries entries, PersonalDataGate gate, HeldTopics held,
            OutboxConfig config) {
        this.held = held;
        this.intervalNanos = config.batchInterval().toNanos();
        this.eventsIntervalNanos = Math.max(intervalNanos, config.eventsInterval().toNanos());
        this.lastStart = System.nanoTime() - intervalNanos;
        this.gate = gate;
        this.entries = entries;
        this.sends = sends;
        this.vertx = vertx;
        this.preparations = preparations;
        this.live = live;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        vertx.eventBus().<String> consumer(Outbox.WAKE_UP).handler(m -> wakeUp(!Outbox.EVENTS_ONLY.equals(m.body())));
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
        wakeUp(false);
        return Uni.createFrom().voidItem();
    }

    /**
     * Relays now, or once the interval since the last batch's start has passed: the batch interval when {@code soon}
     * (something besides domain events waits), else the events interval. If a relay is running or waiting, it runs
     * once more when done; a batch waiting for the events interval starts at the batch interval when {@code soon}.
     */
    void wakeUp(boolean soon) {
        // a restored database may hold sends to customers erased since: nothing goes before the erasure log is applied
        if (stopped || !gate.isOpen()) {
            return;
        }
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            if (soon) {
                againSoon.set(true);
                Start start = waiting.get();
                if (start != null && start.soon().compareAndSet(false, true)) {
                    startAfter(start, intervalNanos); // whichever of its two timers fires first starts it
                }
            }
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        current.set(done);
        Start start = new Start(done, soon);
        waiting.set(start);
        startAfter(start, soon ? intervalNanos : eventsIntervalNanos);
    }

    /**
     * A batch a wake-up scheduled, whether at the batch interval ({@code soon}: from the start, or brought forward
     * once); it starts once, at the first of its timers.
     */
    private record Start(CompletableFuture<Void> done, AtomicBoolean soon, AtomicBoolean started) {

        Start(CompletableFuture<Void> done, boolean soon) {
            this(done, new AtomicBoolean(soon), new AtomicBoolean());
        }
    }

    private void startAfter(Start start, long intervalNanos) {
        long wait = lastStart + intervalNanos - System.nanoTime();
        if (wait <= 0) {
            start(start);
        } else {
            vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait + 999_999)), timer -> start(start));
        }
    }

    private void start(Start start) {
        if (start.started().compareAndSet(false, true)) {
            waiting.compareAndSet(start, null);
            relay(start.done());
        }
    }

    /** One batch; whatever commits from now on wakes the relay again. */
    private void relay(CompletableFuture<Void> done) {
        if (stopped || !gate.isOpen()) {
            running.set(false);
            done.complete(null);
            return;
        }
        again.set(false);
        againSoon.set(false);
        lastStart = System.nanoTime();
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
                        wakeUp(more || againSoon.get()); // a full batch: more are waiting already
                    }
                }));
    }

    /** What a batch relayed: the domain events it published, and whether to run again at once (it was full). */
    private record Relayed(List<OutboxEntry> events, boolean more) {
    }

    private Uni<Relayed> relayBatch() {
        return entries.claim(clock.instant(), BATCH, held.topics())
                // the database work first, on this transaction's session; then every send at once: the producer
                // batches them, in this order, per partition
                .chain(claim -> prepare(claim.entries())
                        .chain(sends::publishAll)
                        .call(done -> unmarkUnfinished(claim.entries(), done))
                        .map(done -> new Relayed(done.entries().stream()
                                .filter(e -> Outbox.EVENTS_TOPIC.equals(e.topic)).toList(),
                                !done.kafkaAway() && claim.locked() == BATCH)));
    }

    /**
     * The claim marked its entries published; those the batch did not finish (failed, behind a failed one with their
     * key, or not taken by Kafka) wait for a later batch. Nothing to write when all went, as they mostly do.
     */
    private Uni<Integer> unmarkUnfinished(List<OutboxEntry> claimed, OutboxSends.Done done) {
        Set<UUID> finished = new HashSet<>();
        done.entries().forEach(e -> finished.add(e.id));
        List<UUID> waiting = claimed.stream().map(e -> e.id).filter(id -> !finished.contains(id)).toList();
        return waiting.isEmpty() ? Uni.createFrom().item(0) : entries.unmark(waiting);
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
}
