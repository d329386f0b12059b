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
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Consumes {@code omnihub.replies.<channel>}, delivers each reply, and reports a receipt. Offsets are committed
 * after delivery (at least once); a reply whose CloudEvents id was already delivered is skipped, so each is
 * delivered effectively once. It also follows {@code omnihub.events} and erases its copies on
 * {@code customer.erased}.
 */
public class ReplyLoop implements AutoCloseable {

    private final AdapterSettings settings;
    private final Hub hub;
    private final Delivery delivery;
    private final Consumer<String> onErased;
    private final KafkaConsumer<String, String> consumer;
    private final Set<String> delivered = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 100_000;
        }
    });
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
                    handle(record);
                }
                consumer.commitSync();
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    private void handle(ConsumerRecord<String, String> record) {
        try {
            JsonNode value = Hub.JSON.readTree(record.value());
            if (record.topic().equals("omnihub.events")) {
                if ("customer.erased".equals(header(record, "ce_type"))) {
                    value.path("mergedProfiles").forEach(id -> onErased.accept(id.asText()));
                    onErased.accept(value.path("customerId").asText());
                }
                return;
            }
            String id = header(record, "ce_id");
            if (id == null || delivered.contains(id)) {
                return; // already delivered: a redelivery carries the same id
            }
            int attempt = value.path("attempt").asInt(1);
            String externalId;
            try {
                externalId = delivery.deliver(value);
            } catch (Exception e) {
                hub.receipt(id, "FAILED", attempt, null);
                return;
            }
            delivered.add(id);
            hub.receipt(id, "SENT", attempt, externalId);
        } catch (Exception e) {
            System.err.println("[" + settings.channel() + " adapter] could not handle a record: " + e.getMessage());
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
