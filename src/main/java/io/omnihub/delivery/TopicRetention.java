package io.omnihub.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.inject.Singleton;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.omnihub.channel.Channel;
import io.omnihub.channel.ChannelRegistry;
import io.omnihub.platform.ConnectionConfig;
import io.omnihub.platform.HeldTopics;
import io.omnihub.request.Handoffs;
import io.quarkus.scheduler.Scheduled;

/**
 * Every topic that may hold personal data (reply texts and addresses, bot conversations, and their dead letters) must
 * forget it before the erasure deadline. This verifies each one's retention with the broker, whoever set it (Omnihub
 * at start-up, or a {@code KafkaTopic} resource). Until a topic is verified, and whenever it is found too long, the
 * outbox holds back what would go to it ({@link HeldTopics}), the gauge {@code omnihub_topic_retention_verified} says
 * 0 for it, and a warning is logged; Omnihub does not refuse to start. A check that cannot reach Kafka changes
 * nothing: retention does not move during an outage, and Kafka being away already holds every send.
 */
@Singleton
class TopicRetention {

    private static final Logger LOG = Logger.getLogger(TopicRetention.class);
    private static final int SETTLE_ATTEMPTS = 10;
    private static final Duration SETTLE_PAUSE = Duration.ofMillis(500);

    private final ConnectionConfig.Kafka kafka;
    private final Duration deadline;
    private final HeldTopics held;
    private final List<String> topics;

    TopicRetention(ConnectionConfig.Kafka kafka, ChannelRegistry channels, HeldTopics held, MeterRegistry registry,
            @ConfigProperty(name = "omnihub.privacy.erasure-deadline", defaultValue = "P30D") Duration deadline) {
        this.kafka = kafka;
        this.held = held;
        this.deadline = deadline;
        this.topics = personalTopics(channels);
        for (String topic : topics) {
            held.hold(topic, "retention not verified yet");
            Gauge.builder("omnihub_topic_retention_verified", held, h -> h.isHeld(topic) ? 0 : 1)
                    .description("1 when the topic's retention is verified below the erasure deadline; 0 holds back"
                            + " what would be published to it")
                    .tag("topic", topic).register(registry);
        }
    }

    /** The topics that may hold personal data: each outbound channel's replies, hand-off notices, their dead letters. */
    static List<String> personalTopics(ChannelRegistry channels) {
        Stream<String> replies = channels.all().stream().filter(Channel::outbound)
                .map(c -> ReplyOutbox.TOPIC_PREFIX + c.id());
        return Stream.concat(replies, Stream.of(Handoffs.TOPIC, ReplyOutbox.TOPIC_PREFIX + "chatbot.dlq",
                Handoffs.TOPIC + ".dlq")).toList();
    }

    /**
     * The check at start-up, just after the provisioning: a broker may answer with a topic's former configuration for
     * a moment after it was changed (KRaft applies it asynchronously), which would hold that topic until the next
     * scheduled check. So the check is repeated a few times, half a second apart, while a topic is still held.
     */
    void settle() {
        for (int attempt = 1; attempt <= SETTLE_ATTEMPTS; attempt++) {
            check(attempt == SETTLE_ATTEMPTS); // quiet until the last attempt
            if (topics.stream().noneMatch(held::isHeld)) {
                return;
            }
            try {
                Thread.sleep(SETTLE_PAUSE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Scheduled(every = "${omnihub.kafka.retention-check-interval:60s}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void verify() {
        check(true);
    }

    /** Judges every personal topic's retention as the broker answers it; {@code warn}: log those found wanting. */
    private void check(boolean warn) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                10_000))) {
            var answers = admin.describeConfigs(topics.stream()
                    .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList()).values();
            for (var answer : answers.entrySet()) {
                String topic = answer.getKey().name();
                try {
                    var entry = answer.getValue().get(15, TimeUnit.SECONDS).get(TopicConfig.RETENTION_MS_CONFIG);
                    judge(topic, entry == null || entry.value() == null ? -1 : Long.parseLong(entry.value()),
                            warn);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                        throw e;
                    }
                    judge(topic, -1, warn); // no such topic yet: nothing verified
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debugf("Topic retention not checked (Kafka did not answer): %s", e.getMessage());
        }
    }

    private void judge(String topic, long millis, boolean warn) {
        boolean ok = millis > 0 && millis <= deadline.toMillis();
        boolean was = !held.isHeld(topic);
        if (ok) {
            held.release(topic);
            if (!was) {
                LOG.infof("Retention of %s verified (%s); publishing to it", topic, Duration.ofMillis(millis));
            }
        } else {
            held.hold(topic, "retention not below the erasure deadline");
            if (!warn) {
                return;
            }
            LOG.warnf("Retention of %s is %s, not below the erasure deadline %s: nothing is published to it until it"
                    + " is", topic, millis < 0 ? "unlimited or unknown" : Duration.ofMillis(millis), deadline);
        }
    }
}
