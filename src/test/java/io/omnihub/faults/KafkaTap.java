package io.omnihub.faults;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A plain Kafka consumer that reads every {@code omnihub.*} topic from its beginning, in the background, for the
 * whole suite: what Omnihub's adapters and analytics would see. It assigns partitions itself (no consumer group, so a
 * broker outage never makes it read anything twice) and picks up new topics every second. Records are kept in memory
 * in the order read; each scenario looks for its own ids.
 */
final class KafkaTap implements AutoCloseable {

    /** One record; {@code id}, {@code type} and {@code subject} are the CloudEvents attributes of binary mode. */
    record Record(String topic, int partition, long offset, long timestamp, String key, String id, String type,
            String subject, JsonNode value) {

        /** The {@code attempt} of a reply's payload (0 when absent). */
        int attempt() {
            return value == null ? 0 : value.path("attempt").asInt();
        }
    }

    private final KafkaConsumer<String, String> consumer;
    private final List<Record> records = new ArrayList<>();
    private final Set<TopicPartition> assigned = new HashSet<>();
    private final Thread thread;
    private volatile boolean running = true;

    KafkaTap(String bootstrap) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer());
        thread = new Thread(this::run, "faults-kafka-tap");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        long nextDiscovery = 0;
        while (running) {
            try {
                if (System.nanoTime() > nextDiscovery) {
                    discover();
                    nextDiscovery = System.nanoTime() + 1_000_000_000L;
                }
                if (assigned.isEmpty()) {
                    Thread.sleep(200);
                    continue;
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    Record record = new Record(r.topic(), r.partition(), r.offset(), r.timestamp(), r.key(),
                            header(r, "ce_id"), header(r, "ce_type"), header(r, "ce_subject"), json(r.value()));
                    synchronized (records) {
                        records.add(record);
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // the broker is away (paused, killed): keep trying, the positions are kept
                Signals.sleep(200);
            }
        }
    }

    private void discover() {
        List<TopicPartition> found = new ArrayList<>();
        consumer.listTopics(Duration.ofSeconds(2)).forEach((topic, partitions) -> {
            if (topic.startsWith("omnihub.")) {
                partitions.forEach(p -> found.add(new TopicPartition(topic, p.partition())));
            }
        });
        List<TopicPartition> fresh = found.stream().filter(tp -> !assigned.contains(tp)).toList();
        if (!fresh.isEmpty()) {
            assigned.addAll(fresh);
            consumer.assign(assigned);
            consumer.seekToBeginning(fresh);
        }
    }

    /** The records read so far that match. */
    List<Record> records(Predicate<Record> filter) {
        synchronized (records) {
            return records.stream().filter(filter).toList();
        }
    }

    /** The CloudEvents ids read so far on topics starting with this prefix. */
    Set<String> ids(String topicPrefix) {
        Set<String> ids = new HashSet<>();
        records(r -> r.topic().startsWith(topicPrefix)).forEach(r -> ids.add(r.id()));
        return ids;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static JsonNode json(String value) {
        try {
            return value == null || !value.startsWith("{") ? null : HubCalls.JSON.readTree(value);
        } catch (Exception e) {
            return null;
        }
    }
}
