package io.omnihub.platform.health;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

import io.micrometer.core.instrument.MeterRegistry;
import io.omnihub.platform.ConnectionConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Asks the Kafka cluster to describe itself every two seconds, on a thread of its own with a one-second bound, so
 * health data can say at once whether Kafka answers. Kafka is never part of readiness: the outbox rides out a
 * broker outage, and every replica shares the broker.
 */
@ApplicationScoped
public class KafkaProbe {

    private static final int TIMEOUT_MS = 1000;

    private final ConnectionConfig.Kafka config;
    private final ProbeState state;
    private ScheduledExecutorService thread;
    private Admin admin;

    public KafkaProbe(ConnectionConfig.Kafka config, Clock clock, MeterRegistry registry) {
        this.config = config;
        this.state = new ProbeState("kafka", "replies and events wait in the outbox", clock, registry);
    }

    void start(@Observes StartupEvent event) {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS));
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "omnihub-kafka-probe");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::probe, 0, 2, TimeUnit.SECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (thread != null) {
            thread.shutdownNow();
            admin.close(java.time.Duration.ofSeconds(1));
        }
    }

    ProbeState state() {
        return state;
    }

    private void probe() {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS)).clusterId()
                    .get(TIMEOUT_MS + 200L, TimeUnit.MILLISECONDS);
            state.answered();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            state.failed(e);
        }
    }
}
