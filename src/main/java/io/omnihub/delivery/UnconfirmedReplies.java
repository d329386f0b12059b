package io.omnihub.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.omnihub.channel.Channel;
import io.omnihub.channel.ChannelRegistry;
import io.omnihub.platform.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * A reply dispatched and never confirmed (the adapter's receipt, or the push, was lost) is published again after
 * its channel's {@code receiptTimeout}, on the same channel under the same CloudEvents id: the adapter
 * de-duplicates it and reports again. It never falls back to another channel while the first may still deliver:
 * only a FAILED receipt does that. After {@value #MAX_REDELIVERIES} tries it stays DISPATCHED and is counted
 * ({@code omnihub_replies_unconfirmed_total}).
 */
@ApplicationScoped
class UnconfirmedReplies {

    private static final Logger LOG = Logger.getLogger(UnconfirmedReplies.class);
    static final int MAX_REDELIVERIES = 5;
    private static final int BATCH = 100;

    private final ReplyOutbox replies;
    private final ChannelRegistry channels;
    private final Outbox outbox;
    private final Clock clock;
    private final Counter unconfirmed;

    private final ReplyRepository stored;

    UnconfirmedReplies(ChannelRegistry channels, Outbox outbox, Clock clock, MeterRegistry registry,
            ReplyOutbox replies, ReplyRepository stored) {
        this.stored = stored;
        this.replies = replies;
        this.channels = channels;
        this.outbox = outbox;
        this.clock = clock;
        this.unconfirmed = Counter.builder("omnihub.replies.unconfirmed")
                .description("Replies published again as often as allowed without any receipt").register(registry);
    }

    /**
     * One transaction, and one statement for each receipt timeout the outbound channels have (most share one), not
     * one transaction per channel: the check runs every few seconds on every replica, mostly finding nothing.
     */
    @Scheduled(every = "${omnihub.delivery.receipt-check-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> check() {
        Map<Duration, List<String>> byTimeout = channels.all().stream().filter(Channel::outbound).collect(
                Collectors.groupingBy(Channel::receiptTimeout, TreeMap::new,
                        Collectors.mapping(Channel::id, Collectors.toList())));
        // called on this bean, where an interceptor (@WithTransaction) would not run
        return Panache.withTransaction(() -> Multi.createFrom().iterable(byTimeout.entrySet())
                .onItem().transformToUniAndConcatenate(e -> republish(e.getValue(), e.getKey()))
                .collect().with(Collectors.summingInt(Integer::intValue)))
                .invoke(count -> {
                    if (count > 0) {
                        outbox.wakeRelay();
                    }
                })
                .replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("Unconfirmed replies not checked: %s", e.getClass().getSimpleName()))
                .onFailure().recoverWithNull();
    }

    /** Publishes the overdue replies of these channels, which share this receipt timeout, again; answers how many. */
    private Uni<Integer> republish(List<String> channels, Duration receiptTimeout) {
        return stored.unconfirmed(channels, clock.instant().minus(receiptTimeout), BATCH)
                .chain(overdue -> Multi.createFrom().iterable(overdue)
                        .onItem().transformToUniAndConcatenate(this::again)
                        .collect().with(Collectors.summingInt(Integer::intValue)));
    }

    private Uni<Integer> again(Reply p) {
        if (p.redeliveries >= MAX_REDELIVERIES) {
            ReplyLifecycle.unconfirmed(p); // not checked again; a late receipt still moves it on
            unconfirmed.increment();
            LOG.warnf("Reply %s was published %d times on %s without a receipt; it stays DISPATCHED", p.messageId,
                    p.redeliveries + 1, p.channel);
            return Uni.createFrom().item(0);
        }
        ReplyLifecycle.redelivered(p, clock.instant());
        return replies.schedule(p, clock.instant()).replaceWith(1);
    }
}
