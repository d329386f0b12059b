package io.omnihub.analytics;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Events of {@code omnihub.events} as the relay writes them: CloudEvents in binary mode (ce_* headers). */
final class EventRecords {

    private static final Logger LOG = Logger.getLogger(EventRecords.class);

    private EventRecords() {
    }

    /** The event, or empty (logged) for a record that is not one: it cannot be counted, and must not stop the rest. */
    static Optional<Rollups.Event> parse(ConsumerRecord<String, String> record, ObjectMapper json) {
        try {
            String id = header(record, "ce_id");
            String type = header(record, "ce_type");
            String time = header(record, "ce_time");
            if (id == null || type == null || time == null || record.value() == null) {
                throw new IllegalArgumentException("not a CloudEvent");
            }
            return Optional.of(new Rollups.Event(UUID.fromString(id), type, instant(time),
                    json.readTree(record.value())));
        } catch (Exception e) {
            LOG.warnf("Analytics skips record %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            return Optional.empty();
        }
    }

    private static Instant instant(String time) {
        return OffsetDateTime.parse(time).toInstant();
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
