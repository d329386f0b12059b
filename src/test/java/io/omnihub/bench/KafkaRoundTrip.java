package io.omnihub.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Kafka reference: a producer ({@code acks=all}, like Omnihub's relay) sends at a constant rate to a scratch topic
 * on the broker Omnihub uses, a consumer reads it back; latency from each record's intended send time to its
 * consumption.
 */
final class KafkaRoundTrip {

    private KafkaRoundTrip() {
    }

    static References.Reference measure(String bootstrap, int rate, Duration duration) throws Exception {
        String topic = "bench.roundtrip." + Long.toString(System.currentTimeMillis(), 36);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        int total = (int) Math.max(1, rate * duration.toSeconds());
        Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 1), new StringSerializer(), new StringSerializer());
                KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(),
                        new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            consumer.position(partition);
            Thread sender = new Thread(() -> {
                long t0 = System.nanoTime();
                for (int i = 0; i < total; i++) {
                    long intended = t0 + i * 1_000_000_000L / rate;
                    LockSupport.parkNanos(intended - System.nanoTime());
                    producer.send(new ProducerRecord<>(topic, Long.toString(intended)));
                }
            }, "bench-kafka-sender");
            sender.start();
            long until = System.nanoTime() + duration.toNanos() + TimeUnit.SECONDS.toNanos(15);
            int received = 0;
            while (received < total && System.nanoTime() < until) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(50))) {
                    latency.recordValue(Math.min(System.nanoTime() - Long.parseLong(r.value()),
                            latency.getHighestTrackableValue()));
                    received++;
                }
            }
            sender.join();
            return new References.Reference("kafka round trip", received == total, received / (double) duration
                    .toSeconds(), latency.getValueAtPercentile(50) / 1e6, latency.getValueAtPercentile(99) / 1e6,
                    rate + " records/s, acks=all; " + received + " of " + total + " consumed");
        }
    }
}
