package io.omnihub.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.delivery.DeliveryEvents.ReplyFailed;
import io.omnihub.delivery.outbox.OutboxPreparation;
import io.omnihub.delivery.outbox.OutboxPreparation.Prepared;
import io.omnihub.platform.Json;
import io.omnihub.platform.Outages;
import io.omnihub.platform.Outbox;
import io.omnihub.platform.OutboxEntry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Replies in the relay: each is checked again and assembled just before it is published ({@link ReplyDispatch}),
 * DISPATCHED once Kafka has it, FAILED when its entry dies, and PENDING again when an admin requeues it. A reply's
 * CloudEvents id is its message id, the same for every attempt, so adapters de-duplicate redeliveries.
 */
@ApplicationScoped
class ReplyPreparation implements OutboxPreparation<ReplyPreparation.Attempt> {

    /** Which attempt of which reply went out. */
    record Attempt(Reply reply, int number) {
    }

    private final ReplyDispatch dispatch;
    private final Outbox outbox;
    private final Json json;
    private final Clock clock;

    private final ReplyRepository stored;

    ReplyPreparation(ReplyDispatch dispatch, Outbox outbox, Json json, Clock clock, ReplyRepository stored) {
        this.stored = stored;
        this.dispatch = dispatch;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public boolean handles(OutboxEntry entry) {
        return entry.topic.startsWith(ReplyOutbox.TOPIC_PREFIX);
    }

    @Override
    public String cloudEventId(OutboxEntry entry) {
        return entry.aggregateId.toString();
    }

    @Override
    public Uni<List<Prepared<Attempt>>> prepare(List<OutboxEntry> entries) {
        // what the check needs is read for the whole batch at once; then each reply in turn on the relay's session
        return dispatch.load(entries).chain(batch -> Multi.createFrom().iterable(entries)
                .onItem().transformToUniAndConcatenate(entry -> dispatch.prepare(entry, batch)
                        .map(assembled -> assembled == null
                                ? (Prepared<Attempt>) new Prepared.Skip<Attempt>(entry, "erased, held or re-routed")
                                : new Prepared.Send<>(entry, json.write(assembled.command()),
                                        new Attempt(assembled.reply(), assembled.command().attempt())))
                        .onFailure(e -> !Outages.isDatabaseOutage(e))
                        .recoverWithItem(e -> new Prepared.Failed<>(entry, e)))
                .collect().asList());
    }

    @Override
    public Uni<Void> published(List<Prepared.Send<Attempt>> sent) {
        Instant at = clock.instant();
        return stored.writeSent(sent.stream().map(s -> {
            ReplyLifecycle.dispatched(s.record().reply(), s.record().number(), at);
            return s.record().reply();
        }).toList());
    }

    /**
     * The reply could not be assembled, or Kafka refused it, again and again: FAILED, and announced with the reason.
     */
    @Override
    public Uni<Void> dead(OutboxEntry entry) {
        return stored.findById(entry.aggregateId).chain(p -> {
            if (p == null) {
                return Uni.createFrom().voidItem();
            }
            ReplyLifecycle.failed(p);
            return outbox.event(ReplyFailed.of(p, DeliveryEvents.channelOf(p),
                    ReplyStatus.FAILED, "undeliverable: " + entry.lastError, null)).replaceWithVoid();
        });
    }

    @Override
    public Uni<Void> requeued(OutboxEntry entry) {
        return stored.findById(entry.aggregateId).invoke(p -> {
            if (p != null) {
                ReplyLifecycle.requeued(p);
            }
        }).replaceWithVoid();
    }
}
