package io.omnihub.delivery.outbox;

import java.net.URI;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.omnihub.delivery.outbox.OutboxPreparation.Prepared;
import io.omnihub.platform.OutboxEntry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * A relay batch's sends to Kafka, as CloudEvents: entries that failed for their own reason are charged, the others
 * sent at once, in order (the producer batches them per partition); an entry after a failed one with the same key
 * waits for the next batch.
 */
@ApplicationScoped
class OutboxSends {

    private static final Logger LOG = Logger.getLogger(OutboxSends.class);
    private static final URI SOURCE = URI.create("/omnihub");

    private final MutinyEmitter<String> kafka;
    private final OutboxPreparations preparations;
    private final OutboxFailures failures;

    OutboxSends(@Channel("outbox") MutinyEmitter<String> kafka, OutboxPreparations preparations,
            OutboxFailures failures) {
        this.kafka = kafka;
        this.preparations = preparations;
        this.failures = failures;
    }

    /** The entries a batch is done with (sent, or not to be sent), and whether Kafka was away. */
    record Done(List<OutboxEntry> entries, boolean kafkaAway) {
    }

    /**
     * Charges the entries that failed, then sends those to be sent; an entry after a failed one with the same key
     * waits for the next run. When Kafka is away nothing is charged: unsent entries simply wait. Answers the entries
     * done: those not to be sent, and those Kafka acknowledged, which their preparations have recorded.
     */
    Uni<Done> publishAll(List<Prepared<?>> prepared) {
        Set<String> held = new HashSet<>();
        List<Prepared.Send<?>> going = new ArrayList<>();
        List<Prepared.Failed<?>> failed = new ArrayList<>();
        // acknowledgements may come on Kafka's threads
        Queue<OutboxEntry> done = new ConcurrentLinkedQueue<>();
        Queue<Prepared.Send<?>> sent = new ConcurrentLinkedQueue<>();
        Queue<Prepared.Failed<?>> refused = new ConcurrentLinkedQueue<>();
        for (Prepared<?> p : prepared) {
            if (held.contains(p.entry().messageKey)) {
                continue;
            }
            if (p instanceof Prepared.Failed<?> f) {
                held.add(f.entry().messageKey);
                failed.add(f);
            } else if (p instanceof Prepared.Skip<?> skip) {
                done.add(skip.entry());
            } else {
                going.add((Prepared.Send<?>) p);
            }
        }
        return charge(failed)
                .chain(() -> Multi.createFrom().iterable(going)
                        .onItem().transformToUni(send -> send(send, done, sent, refused))
                        .merge(OutboxRelay.BATCH)
                        .collect().asList())
                // the sends ran at once; the session takes one statement at a time
                .call(outcomes -> charge(List.copyOf(refused)))
                .map(outcomes -> {
                    var away = outcomes.stream().flatMap(Optional::stream).findFirst();
                    away.ifPresent(e -> LOG.debugf("Kafka did not take the batch (%s): it waits, nothing is charged",
                            e.getClass().getSimpleName()));
                    return new Done(List.copyOf(done), away.isPresent());
                })
                .call(() -> preparations.published(List.copyOf(sent)));
    }

    /** Charges these failed entries, one after the other on the relay's session. */
    private Uni<Void> charge(List<Prepared.Failed<?>> failed) {
        return Multi.createFrom().iterable(failed)
                .onItem().transformToUniAndConcatenate(f -> failures.charge(f.entry(), f.cause()))
                .collect().last().replaceWithVoid();
    }

    /**
     * One entry to Kafka: answers Kafka's failure, if it was Kafka's; an entry's own failure joins {@code refused}, to
     * be charged once every send is back.
     */
    private Uni<Optional<Throwable>> send(Prepared.Send<?> send, Queue<OutboxEntry> done,
            Queue<Prepared.Send<?>> sent, Queue<Prepared.Failed<?>> refused) {
        return publish(send.entry(), send.payload())
                .invoke(() -> {
                    done.add(send.entry());
                    sent.add(send);
                })
                .map(ignored -> Optional.<Throwable> empty())
                .onFailure().recoverWithItem(e -> {
                    if (OutboxFailures.entrysOwnFault(e)) {
                        refused.add(new Prepared.Failed<>(send.entry(), e));
                        return Optional.<Throwable> empty();
                    }
                    return Optional.of(e);
                });
    }

    private Uni<Void> publish(OutboxEntry entry, String payload) {
        var kafkaMetadata = OutgoingKafkaRecordMetadata.<String> builder()
                .withTopic(entry.topic)
                .withKey(entry.messageKey)
                .build();
        var cloudEvent = OutgoingCloudEventMetadata.builder()
                .withId(preparations.cloudEventId(entry))
                .withType(entry.type)
                .withSource(SOURCE)
                .withSubject(entry.aggregateId.toString())
                .withTimestamp(entry.createdAt.atZone(ZoneOffset.UTC))
                .withDataContentType("application/json")
                .build();
        return kafka.sendMessage(Message.of(payload).addMetadata(kafkaMetadata).addMetadata(cloudEvent));
    }
}
