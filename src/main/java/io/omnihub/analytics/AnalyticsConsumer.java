package io.omnihub.analytics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.omnihub.platform.Outages;
import io.smallrye.mutiny.Uni;

/**
 * Counts {@code omnihub.events} into the rollups, a polled batch at a time (group {@code omnihub-analytics}; it
 * scales by the topic's partitions and replicas). A batch is counted once, whatever the redeliveries
 * ({@link RollupStore#apply}). While PostgreSQL is away the batch waits and is tried again, so the consumer lags and
 * never drops events; a record that is not an event is skipped and logged.
 */
@ApplicationScoped
class AnalyticsConsumer {

    private static final Logger LOG = Logger.getLogger(AnalyticsConsumer.class);

    private final RollupStore store;
    private final AnalyticsMetrics metrics;
    private final ObjectMapper json;

    AnalyticsConsumer(RollupStore store, AnalyticsMetrics metrics, ObjectMapper json) {
        this.store = store;
        this.metrics = metrics;
        this.json = json;
    }

    @Incoming("analytics")
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        List<Rollups.Event> events = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> record : records) {
            EventRecords.parse(record, json).ifPresent(events::add);
        }
        return Uni.createFrom().deferred(() -> store.apply(events))
                .onFailure(Outages::passing).retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30))
                .indefinitely()
                .invoke(metrics::counted)
                .onFailure().invoke(e -> LOG.errorf(e, "Analytics could not count %d events; a rebuild recounts"
                        + " them", events.size()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
