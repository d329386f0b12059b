package io.omnihub.delivery.outbox;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.platform.OutboxEntry;
import io.quarkus.arc.All;
import io.smallrye.mutiny.Uni;

/** Every {@link OutboxPreparation}, and which one an entry is for (none: it is published as it was recorded). */
@ApplicationScoped
class OutboxPreparations {

    private final List<OutboxPreparation<?>> all;

    OutboxPreparations(@All List<OutboxPreparation<?>> all) {
        this.all = all;
    }

    List<OutboxPreparation<?>> all() {
        return all;
    }

    Optional<OutboxPreparation<?>> of(OutboxEntry entry) {
        return all.stream().filter(p -> p.handles(entry)).findFirst();
    }

    /** An event's CloudEvents id is its outbox id; a prepared entry's is its preparation's choice. */
    String cloudEventId(OutboxEntry entry) {
        return of(entry).map(p -> p.cloudEventId(entry)).orElseGet(entry.id::toString);
    }

    /**
     * What Kafka took of a batch, recorded by the preparations that prepared it: each gets its own entries in one
     * call, one preparation after the other (they share the relay's session).
     */
    Uni<Void> published(List<OutboxPreparation.Prepared.Send<?>> sent) {
        Uni<Void> recorded = Uni.createFrom().voidItem();
        for (OutboxPreparation<?> preparation : all) {
            List<OutboxPreparation.Prepared.Send<?>> its = sent.stream()
                    .filter(s -> of(s.entry()).orElse(null) == preparation).toList();
            if (!its.isEmpty()) {
                recorded = recorded.chain(() -> published(preparation, its));
            }
        }
        return recorded;
    }

    @SuppressWarnings("unchecked") // it prepared them, with its own T
    private static <T> Uni<Void> published(OutboxPreparation<T> preparation,
            List<OutboxPreparation.Prepared.Send<?>> sent) {
        return preparation.published((List<OutboxPreparation.Prepared.Send<T>>) (List<?>) sent);
    }

    Uni<Void> dead(OutboxEntry entry) {
        return of(entry).map(p -> p.dead(entry)).orElseGet(() -> Uni.createFrom().voidItem());
    }

    Uni<Void> requeued(OutboxEntry entry) {
        return of(entry).map(p -> p.requeued(entry)).orElseGet(() -> Uni.createFrom().voidItem());
    }
}
