package io.omnihub.adapter.common;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;


/**
 * Consumes {@code omnihub.replies.<channel>}, delivers each reply, and reports a receipt. A record's offset is
 * committed only after its receipt was taken (at least once); an attempt of a reply already delivered is not
 * delivered again, only reported again (Omnihub publishes it again when its receipt was lost), so each attempt is
 * delivered effectively once. It also follows {@code omnihub.events}: on
 * {@code customer.erased} it erases its copies and delivers nothing more to that customer.
 */
public class ReplyLoop implements AutoCloseable {

    private final AdapterSettings settings;
    private final Hub hub;
    private final Delivery delivery;
    private final Consumer<String> onErased;
    private final KafkaConsumer<String, String> consumer;
    /** Attempts delivered, with the channel's id for each: a redelivery is reported again, not delivered again. */
    private final Map<String, String> delivered = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > 100_000;
        }
    });
    /** Customers erased while this adapter runs: their replies still on Kafka are not delivered. */
    private final Set<String> erased = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    public ReplyLoop(AdapterSettings settings, Hub hub, String group, Delivery delivery, Consumer<String> onErased) {
        this.settings = settings;
        this.hub = hub;
        this.delivery = delivery;
        this.onErased = onErased;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(settings.repliesTopic(), "omnihub.events"));
        this.thread = new Thread(this::run, settings.channel() + "-adapter-replies");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running.get()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (!handle(record)) {
                        // Omnihub did not take the receipt: read this record again rather than lose it
                        consumer.seek(partition, record.offset());
                        pause();
                        break;
                    }
                    commit(partition, record.offset() + 1);
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    /** Commits one record at a time, so a restart re-reads at most the record in hand. */
    private void commit(TopicPartition partition, long next) {
        try {
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(next)));
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            // a rebalance took the partition away: its next owner resumes from the last commit
            System.err.println("[" + settings.channel() + " adapter] commit failed: " + e.getMessage());
        }
    }

    /** Whether the record is done with (delivered and reported, skipped, or unreadable). */
    private boolean handle(ConsumerRecord<String, String> record) {
        if (record.topic().equals("omnihub.events")) {
            if ("customer.erased".equals(header(record, "ce_type"))) {
                CustomerErased event = read(record, CustomerErased.class);
                if (event != null) {
                    event.mergedProfiles().forEach(this::erase);
                    erase(event.customerId());
                }
            }
            return true;
        }
        ReplyCommand value = read(record, ReplyCommand.class);
        String id = header(record, "ce_id");
        if (value == null || id == null || erased.contains(value.customerId())) {
            return true;
        }
        int attempt = value.attempt();
        // the CloudEvents id is the reply's id; a retry is a new attempt of it, a redelivery the same attempt
        String key = id + "#" + attempt;
        if (delivered.containsKey(key)) {
            // Omnihub publishes an attempt again when its receipt never arrived: report it again, deliver it once
            return report(id, "SENT", attempt, delivered.get(key));
        }
        String externalId;
        try {
            externalId = delivery.deliver(value);
        } catch (Exception e) {
            return report(id, "FAILED", attempt, null);
        }
        delivered.put(key, externalId);
        return report(id, "SENT", attempt, externalId);
    }

    private boolean report(String id, String status, int attempt, String externalId) {
        try {
            hub.receipt(id, status, attempt, externalId);
            return true;
        } catch (Hub.Refused e) {
            if (e.isFinal()) {
                // the hub knows better (the reply was re-routed or erased): nothing to report again
                return true;
            }
            System.err.println("[" + settings.channel() + " adapter] receipt not taken: " + e.getMessage());
            return false;
        } catch (AdapterException e) {
            System.err.println("[" + settings.channel() + " adapter] receipt not taken: " + e.getMessage());
            return false;
        }
    }

    /** The record's value as that contract's type, or null (reported) when it is not one. */
    private <T> T read(ConsumerRecord<String, String> record, Class<T> type) {
        try {
            return Hub.JSON.readValue(record.value(), type);
        } catch (Exception e) {
            System.err.println("[" + settings.channel() + " adapter] skipped an unreadable record");
            return null;
        }
    }

    private void erase(String customerId) {
        erased.add(customerId);
        onErased.accept(customerId);
    }

    private void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
