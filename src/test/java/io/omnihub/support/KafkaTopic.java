package io.omnihub.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;

/** Reads a real Kafka topic from the beginning, as a downstream consumer would. */
public final class KafkaTopic implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<Record> seen = new ArrayList<>();

    public KafkaTopic(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("omnihub.kafka.bootstrap-servers", String.class));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topic));
    }

    /** Waits until records matching the predicate have arrived, and answers them. */
    public List<Record> await(Predicate<Record> match, int count, Duration timeout) {
        List<Record> found = new ArrayList<>();
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(50)).until(() -> {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                seen.add(Record.of(r));
            }
            found.clear();
            seen.stream().filter(match).forEach(found::add);
            return found.size() >= count;
        });
        return found;
    }

    /** Reads for all of {@code during}, and answers every record matching the predicate: for "no more than". */
    public List<Record> over(Predicate<Record> match, Duration during) {
        long until = System.nanoTime() + during.toNanos();
        while (System.nanoTime() < until) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                seen.add(Record.of(r));
            }
        }
        return seen.stream().filter(match).toList();
    }

    /** Writes one record to a real topic, as an adapter or Omnihub's relay would, and waits until Kafka has it. */
    public static void send(String topic, String key, String value) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("omnihub.kafka.bootstrap-servers", String.class));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Writes {@code records} again, headers and all: a redelivery, as a relay that crashed before its commit makes. */
    public static void resend(String topic, List<Record> records) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("omnihub.kafka.bootstrap-servers", String.class));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            for (Record r : records) {
                ProducerRecord<String, String> copy = new ProducerRecord<>(topic, r.key(), r.value());
                r.headers().forEach((k, v) -> copy.headers().add(k, v == null ? null
                        : v.getBytes(StandardCharsets.UTF_8)));
                producer.send(copy);
            }
            producer.flush();
        }
    }

    /** Everything read so far. */
    public List<Record> seen() {
        return seen;
    }

    @Override
    public void close() {
        consumer.close();
    }

    /** A record with its CloudEvents headers (binary mode: {@code ce_*}). */
    public record Record(String key, String value, Map<String, String> headers) {
        static Record of(ConsumerRecord<String, String> r) {
            Map<String, String> headers = new HashMap<>();
            for (Header h : r.headers()) {
                headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
            }
            return new Record(r.key(), r.value(), headers);
        }

        public String type() {
            return headers.get("ce_type");
        }

        public String id() {
            return headers.get("ce_id");
        }
    }
}
