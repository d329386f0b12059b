package io.omnihub.delivery;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.jboss.logging.Logger;

import io.omnihub.channel.ChannelRegistry;
import io.omnihub.platform.ConnectionConfig;
import io.omnihub.platform.Outbox;
import io.quarkus.runtime.StartupEvent;

/**
 * Creates Omnihub's topics when missing, and sets the retention of every topic that may hold personal data below
 * the erasure deadline ({@link TopicRetention} then verifies it):
 * reply topics carry texts and addresses, which must not outlive an erasure in Kafka. The erasure log
 * ({@code omnihub.erasures}) is compacted and kept forever.
 */
@Singleton
class TopicProvisioner {

    private static final Logger LOG = Logger.getLogger(TopicProvisioner.class);

    private final ConnectionConfig.Kafka kafka;
    private final ChannelRegistry channels;
    private final TopicRetention retention;
    private volatile CompletableFuture<Void> provisioned = CompletableFuture.completedFuture(null);

    TopicProvisioner(ConnectionConfig.Kafka kafka, ChannelRegistry channels, TopicRetention retention) {
        this.kafka = kafka;
        this.channels = channels;
        this.retention = retention;
    }

    /**
     * Starts provisioning before the rest of start-up's work (the messaging connectors), on a thread of its own, so
     * that it runs meanwhile: it took about 0.4 s of a replica's start on its own.
     */
    void begin(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        if (kafka.provisionTopics()) {
            provisioned = CompletableFuture.runAsync(this::provision, task -> {
                Thread thread = new Thread(task, "omnihub-topics");
                thread.setDaemon(true);
                thread.start();
            });
        }
    }

    /** Waits for the provisioning before the outbox relay starts, whose observer has the default priority. */
    void provisioned(@Observes @Priority(Interceptor.Priority.APPLICATION) StartupEvent event) {
        provisioned.join(); // never fails: provision() logs what went wrong, and each of its waits is bounded
        // whoever set it, the retention of what holds personal data is checked before anything goes there; off the
        // start-up path, so that a broker away at start costs no more than the provisioning's own wait
        io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool().execute(retention::settle);
    }

    private void provision() {
        // replies, hand-off notices (they name a bot conversation) and the dead letters of both: kept as briefly
        List<String> replies = TopicRetention.personalTopics(channels);
        List<String> others = List.of(Outbox.EVENTS_TOPIC, "omnihub.receipts", "omnihub.receipts.dlq");
        String retention = Long.toString(kafka.replyRetention().toMillis());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : replies) {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, Optional.of(kafka.partitions()), Optional.empty())
                            .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, retention)));
                }
            }
            // the erasure log: one record per erased customer, kept forever (compaction keeps the last per key)
            Map<String, String> erasureLog = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                    TopicConfig.RETENTION_MS_CONFIG, "-1");
            if (!existing.contains(Outbox.ERASURES_TOPIC)) {
                missing.add(new NewTopic(Outbox.ERASURES_TOPIC, Optional.of(kafka.partitions()), Optional.empty())
                        .configs(erasureLog));
            }
            others.stream().filter(t -> !existing.contains(t))
                    .forEach(t -> missing.add(new NewTopic(t, Optional.of(kafka.partitions()), Optional.empty())));
            // consumers may create a topic meanwhile: each creation stands alone, and retention is set regardless
            for (var created : admin.createTopics(missing).values().entrySet()) {
                try {
                    created.getValue().get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                        throw e;
                    }
                }
            }
            Map<ConfigResource, Collection<AlterConfigOp>> retentions = new HashMap<>();
            for (String topic : replies) {
                retentions.put(new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(new AlterConfigOp(
                        new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, retention), AlterConfigOp.OpType.SET)));
            }
            // events are what analytics rebuilds from: kept long (they hold no customer's contact, name or text)
            retentions.put(new ConfigResource(ConfigResource.Type.TOPIC, Outbox.EVENTS_TOPIC), List.of(
                    new AlterConfigOp(new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG,
                            Long.toString(kafka.eventsRetention().toMillis())), AlterConfigOp.OpType.SET)));
            retentions.put(new ConfigResource(ConfigResource.Type.TOPIC, Outbox.ERASURES_TOPIC), erasureLog.entrySet()
                    .stream().map(c -> new AlterConfigOp(new ConfigEntry(c.getKey(), c.getValue()),
                            AlterConfigOp.OpType.SET))
                    .toList());
            admin.incrementalAlterConfigs(retentions).all().get(30, TimeUnit.SECONDS);
            LOG.infof("Kafka topics ready; reply topics keep messages for %s, events for %s, the erasure log forever",
                    kafka.replyRetention(),
                    kafka.eventsRetention());
        } catch (Exception e) {
            // a broker that refuses topic administration (managed topics): run with what exists; what holds personal
            // data waits until its retention is verified (TopicRetention)
            LOG.warnf("Kafka topics not provisioned: %s", e.getMessage());
        }
    }
}
