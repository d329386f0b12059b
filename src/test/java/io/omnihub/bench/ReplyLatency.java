package io.omnihub.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/**
 * Reply latency end to end: operators' {@code POST /api/v1/requests/{id}/replies} at a constant rate (open model),
 * each to a different web request, until this process, playing the web adapter, consumes the reply from
 * {@code omnihub.replies.web}. Measured from the call's intended send time to the consumption; replies are matched
 * by the CloudEvents id, which is the reply's message id.
 */
final class ReplyLatency {

    /**
     * The API step, the end-to-end latencies in milliseconds, and how long after the step's last call the replies kept
     * arriving; missing ones had not arrived when none had for {@link #QUIET} (or after {@link #DRAIN_LIMIT}).
     */
    record Result(OpenLoad.Step api, double p50, double p99, double p999, long delivered, long missing,
            long routedElsewhere, double drainSeconds) {
    }

    /** A backlog still draining is waited for; one with no reply arriving for this long is taken as stuck. */
    static final Duration QUIET = Duration.ofSeconds(10);
    static final Duration DRAIN_LIMIT = Duration.ofSeconds(180);

    private ReplyLatency() {
    }

    static Result measure(OpenLoad load, String kafka, String operatorToken, List<String> requests, int rate,
            Duration duration) throws InterruptedException {
        Histogram latency = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(60), 3);
        Map<String, Long> intended = new ConcurrentHashMap<>();
        Map<String, Long> consumed = new ConcurrentHashMap<>();
        AtomicInteger delivered = new AtomicInteger();
        AtomicInteger elsewhere = new AtomicInteger();
        java.util.function.Consumer<String> matchId = id -> {
            Long sent = intended.get(id);
            Long arrived = consumed.get(id);
            if (sent != null && arrived != null && intended.remove(id) != null) {
                consumed.remove(id);
                latency.recordValue(Math.min(arrived - sent, latency.getHighestTrackableValue()));
                delivered.incrementAndGet();
            }
        };
        AtomicBoolean consuming = new AtomicBoolean(true);
        Thread adapter = consumer(kafka, consuming, (id, at) -> {
            consumed.put(id, at);
            matchId.accept(id);
        });
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json")
                .add("Authorization", "Bearer " + operatorToken);
        Buffer body = Buffer.buffer("{\"text\":\"Your parcel left our warehouse today and arrives tomorrow.\"}");
        OpenLoad.Step api = load.run("replies", rate, duration, i -> new OpenLoad.Call(HttpMethod.POST,
                "/api/v1/requests/" + requests.get(i % requests.size()) + "/replies", headers, body, (sent, answer) -> {
                    if (!"web".equals(Traffic.field(answer, "channel"))) {
                        elsewhere.incrementAndGet();
                        return;
                    }
                    String id = Traffic.field(answer, "messageId");
                    intended.put(id, sent);
                    matchId.accept(id);
                }));
        long drainStart = System.nanoTime();
        long lastArrival = drainStart;
        int seen = delivered.get();
        // the log's record of how fast a backlog drains (the relay's pace once the calls have stopped)
        load.track(() -> String.format("replies at %,d/s, draining: %,d delivered, %,d to come", rate,
                delivered.get(), intended.size()));
        while (!intended.isEmpty() && System.nanoTime() - lastArrival < QUIET.toNanos()
                && System.nanoTime() - drainStart < DRAIN_LIMIT.toNanos()) {
            Thread.sleep(50);
            if (delivered.get() != seen) {
                seen = delivered.get();
                lastArrival = System.nanoTime();
            }
        }
        load.track(null);
        consuming.set(false);
        adapter.join();
        return new Result(api, millis(latency, 50), millis(latency, 99), millis(latency, 99.9), delivered.get(),
                intended.size(), elsewhere.get(), (lastArrival - drainStart) / 1e9);
    }

    /** Plays the web adapter: reads {@code omnihub.replies.web} from its end, noting when each reply arrives. */
    private static Thread consumer(String kafka, AtomicBoolean running, Arrival arrival) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        consumer.partitionsFor("omnihub.replies.web").forEach(p -> partitions.add(new TopicPartition(p.topic(),
                p.partition())));
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        Thread thread = new Thread(() -> {
            try (consumer) {
                while (running.get()) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(20))) {
                        Header id = r.headers().lastHeader("ce_id");
                        if (id != null) {
                            arrival.arrived(new String(id.value(), java.nio.charset.StandardCharsets.UTF_8),
                                    System.nanoTime());
                        }
                    }
                }
            }
        }, "bench-web-adapter");
        thread.start();
        return thread;
    }

    @FunctionalInterface
    private interface Arrival {
        void arrived(String messageId, long nanos);
    }

    private static double millis(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1e6;
    }
}
