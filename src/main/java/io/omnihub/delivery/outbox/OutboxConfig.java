package io.omnihub.delivery.outbox;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The outbox relay. */
@ConfigMapping(prefix = "omnihub.outbox")
public interface OutboxConfig {

    /** How often the relay looks for due entries besides being woken after each commit. */
    @WithDefault("1s")
    String pollInterval();

    /**
     * The shortest time from the start of one batch to the start of the next (env OMNIHUB_OUTBOX_BATCH_INTERVAL). A
     * commit that wakes the relay sooner waits for the rest of it, so a busy relay sends more entries per batch and
     * runs fewer statements for each; an idle relay starts at once. Zero relays every commit at once.
     */
    @WithDefault("PT0.01S")
    Duration batchInterval();

    /**
     * The same while only domain events ({@code omnihub.events}: analytics, operators' live notices) wait, which
     * nobody waits for (env OMNIHUB_OUTBOX_EVENTS_INTERVAL): under a steady trickle of intakes a batch carries several,
     * with the statements of one. A commit with anything else (a reply, a bot notice) brings a waiting batch forward
     * to the batch interval. Never shorter than the batch interval.
     */
    @WithDefault("PT0.05S")
    Duration eventsInterval();

    /**
     * Failures of an entry itself (not of Kafka, which never counts) after which it is dead: kept, visible to admins
     * and requeued by them, never published (env OMNIHUB_OUTBOX_MAX_ATTEMPTS).
     */
    @WithDefault("10")
    int maxAttempts();

    /** The wait after an entry's first failure; it doubles with every failure, up to {@link #maxBackoff()}. */
    @WithDefault("PT1S")
    Duration initialBackoff();

    @WithDefault("PT5M")
    Duration maxBackoff();

    /** A published entry is deleted this long after it went out (env OMNIHUB_OUTBOX_PUBLISHED_RETENTION). */
    @WithDefault("P7D")
    Duration publishedRetention();
}
