package io.omnihub.analytics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.omnihub.platform.ConnectionConfig;
import io.omnihub.platform.Outages;
import io.omnihub.platform.Outbox;
import io.omnihub.platform.ProblemException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Recounts the rollups from scratch: empties them and their seen ids, then reads {@code omnihub.events} from its
 * beginning to where it ended when the rebuild started, counting as the live consumer does. Events the live consumer
 * counts meanwhile are seen ids, so each event counts once whoever reads it first. One rebuild at a time per replica.
 */
@ApplicationScoped
class Rebuild {

    private static final Logger LOG = Logger.getLogger(Rebuild.class);

    /** What a rebuild read and counted, and how long it took. */
    record Result(long events, long counted, long millis) {
    }

    private final RollupStore store;
    private final ConnectionConfig.Kafka kafka;
    private final ObjectMapper json;
    private final AtomicBoolean running = new AtomicBoolean();

    Rebuild(RollupStore store, ConnectionConfig.Kafka kafka, ObjectMapper json) {
        this.store = store;
        this.kafka = kafka;
        this.json = json;
    }

    Uni<Result> run() {
        if (!running.compareAndSet(false, true)) {
            return Uni.createFrom().failure(ProblemException.conflict("rebuild-running",
                    "A rebuild is already running on this replica"));
        }
        return Outages.retriedThrough(store::clear).chain(() -> Uni.createFrom().item(this::replay)
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                .onTermination().invoke(() -> running.set(false));
    }

    private Result replay() {
        long started = System.nanoTime();
        long read = 0;
        long counted = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Outbox.EVENTS_TOPIC, Duration.ofSeconds(30))
                    .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                List<Rollups.Event> events = new ArrayList<>();
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        read++;
                        EventRecords.parse(record, json).ifPresent(events::add);
                    }
                }
                // a blip or a lost race with the live consumer is tried again: the rollups are empty until the end
                counted += Outages.retriedThrough(() -> store.apply(events)).await().atMost(Duration.ofMinutes(5))
                        .stream()
                        .map(Rollups.Row::eventId).distinct().count();
            }
        }
        Result result = new Result(read, counted, (System.nanoTime() - started) / 1_000_000);
        LOG.infof("Analytics rebuilt from %d events (%d counted here) in %d ms", result.events(), result.counted(),
                result.millis());
        return result;
    }

    private Properties properties() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        return p;
    }
}
