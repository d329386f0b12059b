package io.omnihub.privacy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import io.omnihub.platform.ConnectionConfig;
import io.omnihub.platform.Outbox;
import io.omnihub.platform.PersonalDataGate;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Reads the erasure log ({@value Outbox#ERASURES_TOPIC}) from where this database says it stopped: its offsets live
 * in PostgreSQL ({@link ErasureLogPositions}), never in Kafka, so restoring a backup rewinds them with the data. Each
 * record is applied by {@link ErasureReplay}, in one transaction with its offset.
 * <p>
 * At start-up it compares the database's offsets with the log's end. Only when the database is behind (a restore)
 * does it keep the {@link PersonalDataGate} shut until every newer erasure is applied again; otherwise it opens it at
 * once. Start-up waits for that comparison at most {@code omnihub.privacy.erasure-log.check-wait}: with Kafka away,
 * Omnihub serves anyway and the comparison happens as soon as Kafka answers (shutting the gate then, if the database
 * turns out behind). {@code omnihub.privacy.erasure-log.required} keeps the gate shut until it has happened. It runs
 * on a thread of its own, which waits for each record's transaction: one erasure at a time, in the log's order.
 */
@ApplicationScoped
class ErasureLogConsumer {

    private static final Logger LOG = Logger.getLogger(ErasureLogConsumer.class);
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(2);

    private final PrivacyConfig.ErasureLog config;
    private final ConnectionConfig.Kafka kafka;
    private final PersonalDataGate gate;
    private final ErasureReplay replay;
    private final ErasureLogPositions positions;
    private final Vertx vertx;
    /** Completes once the database's offsets have been compared with the log's end: with whether it was behind. */
    private final CompletableFuture<Boolean> compared = new CompletableFuture<>();
    private volatile boolean stopped;
    /** Whether the last attempt to read the log failed: a failure streak is logged once, as a warning. */
    private boolean failing;
    private volatile KafkaConsumer<String, String> consumer;
    /**
     * The log's end offsets to reach before the gate opens, once the database was found behind them; empty otherwise.
     * Kept across reconnections: a failure while erasures are applied again leaves the gate shut.
     */
    private Map<TopicPartition, Long> target = Map.of();
    private Thread thread;

    ErasureLogConsumer(PrivacyConfig config, ConnectionConfig.Kafka kafka, PersonalDataGate gate,
            ErasureReplay replay, ErasureLogPositions positions, Vertx vertx) {
        this.config = config.erasureLog();
        this.kafka = kafka;
        this.gate = gate;
        this.replay = replay;
        this.positions = positions;
        this.vertx = vertx;
    }

    /** Starts reading the log first of start-up's work: the comparison runs during the rest (awaitComparison). */
    void start(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        thread = new Thread(this::run, "omnihub-erasure-log");
        thread.setDaemon(true);
        thread.start();
    }

    /** The last of start-up's work, before the HTTP server listens: the comparison, waited for at most check-wait. */
    void awaitComparison(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER + 1000) StartupEvent event) {
        if (config.required()) {
            LOG.info("Personal data is held back until the erasure log has been compared with the database");
            return;
        }
        try {
            compared.get(config.checkWait().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            gate.open();
            LOG.warnf("The erasure log could not be read within %s (Kafka unreachable?): personal data is served"
                    + " without it. If this database was restored from a backup, customers erased since are readable"
                    + " until Kafka answers; it is compared as soon as it does", config.checkWait());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            gate.open();
        }
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        KafkaConsumer<String, String> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            thread.join(KAFKA_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (!stopped) {
            try (KafkaConsumer<String, String> kafkaConsumer = new KafkaConsumer<>(properties())) {
                consumer = kafkaConsumer;
                follow(kafkaConsumer);
            } catch (WakeupException e) {
                return;
            } catch (Exception e) {
                if (stopped) {
                    return;
                }
                if (!failing) {
                    LOG.warnf("Erasure log not read, trying again every %s: %s", config.pollTimeout(), e.getMessage());
                } else {
                    LOG.debugf("Erasure log still not read: %s", e.getMessage());
                }
                failing = true;
                pause();
            }
        }
    }

    /** Assigns every partition, seeks to the database's offsets, compares once, then applies records as they come. */
    private void follow(KafkaConsumer<String, String> kafkaConsumer) {
        List<PartitionInfo> infos = kafkaConsumer.partitionsFor(Outbox.ERASURES_TOPIC, KAFKA_TIMEOUT);
        if (infos == null || infos.isEmpty()) {
            // no such topic: nothing was ever erased through it (or it was lost: see the README's runbook)
            if (compared.complete(false)) {
                gate.open();
                LOG.infof("No erasure log (%s) yet", Outbox.ERASURES_TOPIC);
            }
            pause();
            return;
        }
        List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(i.topic(), i.partition()))
                .toList();
        kafkaConsumer.assign(partitions);
        if (failing) {
            LOG.info("Erasure log read again");
            failing = false;
        }
        Map<Integer, Long> applied = onContext(positions::all);
        partitions.forEach(p -> kafkaConsumer.seek(p, applied.getOrDefault(p.partition(), 0L)));
        if (!compared.isDone()) {
            target = compare(kafkaConsumer, partitions, applied);
        }
        while (!stopped) {
            for (ConsumerRecord<String, String> record : kafkaConsumer.poll(config.pollTimeout())) {
                onContext(() -> replay.apply(record.partition(), record.offset(), record.value()));
            }
            if (!target.isEmpty() && target.entrySet().stream()
                    .allMatch(t -> kafkaConsumer.position(t.getKey(), KAFKA_TIMEOUT) >= t.getValue())) {
                target = Map.of();
                gate.open();
                LOG.info("Every erasure of the erasure log is applied to the database: personal data is served");
            }
        }
    }

    /**
     * The database's offsets against the log's end. Behind: the gate stays shut, and the end is the target to reach
     * before it opens. Answers that target (empty when the database is not behind).
     */
    private Map<TopicPartition, Long> compare(KafkaConsumer<String, String> kafkaConsumer,
            List<TopicPartition> partitions, Map<Integer, Long> applied) {
        Map<TopicPartition, Long> ends = kafkaConsumer.endOffsets(partitions, KAFKA_TIMEOUT);
        Map<TopicPartition, Long> behind = new HashMap<>();
        long missing = 0;
        for (var end : ends.entrySet()) {
            long at = applied.getOrDefault(end.getKey().partition(), 0L);
            if (at < end.getValue()) {
                behind.put(end.getKey(), end.getValue());
                missing += end.getValue() - at;
            } else if (at > end.getValue()) {
                LOG.errorf("The erasure log ends before this database's position on partition %d: the topic was"
                        + " recreated or truncated; see the README's runbook", end.getKey().partition());
            }
        }
        if (behind.isEmpty()) {
            gate.open();
        } else {
            gate.shut("erasures newer than this database are applied again");
            LOG.warnf("The database is behind the erasure log by up to %d records (restored from a backup?):"
                    + " personal data is held back while they are applied", missing);
        }
        compared.complete(!behind.isEmpty());
        return behind;
    }

    /** Runs {@code work} on a Vert.x context of its own, as Hibernate Reactive needs, and waits for it on this thread. */
    private <T> T onContext(Supplier<Uni<T>> work) {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        CompletableFuture<T> done = new CompletableFuture<>();
        context.runOnContext(ignored -> work.get().subscribe().with(done::complete, done::completeExceptionally));
        try {
            return done.get(TRANSACTION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e.getCause() == null ? e.toString() : e.getCause().toString(), e);
        }
    }

    private Map<String, Object> properties() {
        return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.CLIENT_ID_CONFIG, "omnihub-erasure-log",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) KAFKA_TIMEOUT.toMillis(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    }

    private void pause() {
        try {
            Thread.sleep(config.pollTimeout().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        }
    }
}
