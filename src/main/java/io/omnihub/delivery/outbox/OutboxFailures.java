package io.omnihub.delivery.outbox;

import java.time.Clock;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.omnihub.delivery.outbox.OutboxEvents.OutboxEntryDead;
import io.omnihub.platform.Causes;
import io.omnihub.platform.Outbox;
import io.omnihub.platform.OutboxEntry;
import io.smallrye.mutiny.Uni;

/**
 * What the relay does when an entry fails. Kafka being away is never the entry's fault and costs it nothing: it
 * waits, however long the outage. An entry that fails for its own reason (a reply that cannot be assembled, a
 * record Kafka refuses) is tried again with a growing delay, and after {@code omnihub.outbox.max-attempts} it is
 * dead: kept, counted ({@code omnihub_outbox_dead_total}), announced ({@code outbox.entry-dead}; its
 * {@link OutboxPreparation} is told, so a reply becomes FAILED with {@code reply.failed}), and listed for admins, who can
 * requeue it. Never marked published.
 */
@ApplicationScoped
class OutboxFailures {

    private static final Logger LOG = Logger.getLogger(OutboxFailures.class);

    private final OutboxConfig config;
    private final OutboxPreparations preparations;
    private final Outbox outbox;
    private final Clock clock;
    private final Counter dead;
    private final OutboxEntries entries;

    OutboxFailures(OutboxConfig config, OutboxPreparations preparations, Outbox outbox, Clock clock,
            MeterRegistry registry, OutboxEntries entries) {
        this.entries = entries;
        this.config = config;
        this.preparations = preparations;
        this.outbox = outbox;
        this.clock = clock;
        this.dead = Counter.builder("omnihub.outbox.dead")
                .description("Outbox entries that failed for their own reason too often and wait for an admin")
                .register(registry);
    }

    /** Whether a failed send is the entry's own fault; anything else means Kafka is away. */
    static boolean entrysOwnFault(Throwable failure) {
        return Causes.any(failure, t -> t instanceof RecordTooLargeException || t instanceof SerializationException
                || t instanceof InvalidTopicException);
    }

    /**
     * Charges the claimed entry one attempt, and writes it: a later retry, or death. Runs in the relay's transaction,
     * which takes back the entry's mark as published.
     */
    Uni<Void> charge(OutboxEntry entry, Throwable failure) {
        entry.attempts++;
        entry.lastError = failure.getClass().getSimpleName();
        if (entry.attempts < config.maxAttempts()) {
            long factor = 1L << Math.min(entry.attempts - 1, 20);
            Duration wait = config.initialBackoff().multipliedBy(factor);
            entry.availableAt = clock.instant().plus(wait.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : wait);
            LOG.warnf("Outbox entry %s not relayed (attempt %d): %s", entry.id, entry.attempts, entry.lastError);
            return entries.charged(entry).replaceWithVoid();
        }
        entry.deadAt = clock.instant();
        dead.increment();
        LOG.errorf("Outbox entry %s is dead after %d failed attempts (%s): an admin may requeue it", entry.id,
                entry.attempts, entry.lastError);
        return entries.charged(entry).chain(() -> preparations.dead(entry))
                .chain(() -> outbox.event(new OutboxEntryDead(entry.id, entry.topic, entry.type, entry.attempts,
                        entry.lastError, entry.aggregateType, entry.aggregateId)))
                .replaceWithVoid();
    }
}
