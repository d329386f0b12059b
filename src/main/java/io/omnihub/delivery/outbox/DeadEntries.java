package io.omnihub.delivery.outbox;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.platform.Audit;
import io.omnihub.platform.Outbox;
import io.omnihub.platform.OutboxEntry;
import io.omnihub.platform.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** Dead outbox entries, for admins: listed with why they died, and requeued once the cause is mended. */
@ApplicationScoped
class DeadEntries {

    private final Audit audit;
    private final Outbox outbox;
    private final Clock clock;
    private final OutboxPreparations preparations;
    private final OutboxEntries entries;

    DeadEntries(Audit audit, Outbox outbox, Clock clock, OutboxPreparations preparations, OutboxEntries entries) {
        this.entries = entries;
        this.preparations = preparations;
        this.audit = audit;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** A dead entry as admins see it: ids and kinds only, never its payload. */
    public record View(UUID id, String topic, String type, String aggregateType, UUID aggregateId, int attempts,
            String lastError, Instant createdAt, Instant deadAt) {

        static View of(OutboxEntry e) {
            return new View(e.id, e.topic, e.type, e.aggregateType, e.aggregateId, e.attempts, e.lastError,
                    e.createdAt, e.deadAt);
        }
    }

    /** The oldest dead entries first. */
    @WithSession
    public Uni<List<View>> list(int limit) {
        return entries.dead(limit).map(found -> found.stream().map(View::of).toList());
    }

    /**
     * Gives a dead entry a fresh start: it is relayed at once, with no attempt counted; a reply that became FAILED
     * because of it is PENDING again. Audited.
     */
    public Uni<View> requeue(UUID id, String actor) {
        return Panache.withTransaction(() -> entries.locked(id)
                .chain(entry -> {
                    if (entry == null || entry.deadAt == null) {
                        return Uni.createFrom().failure(ProblemException.notFound("Dead outbox entry"));
                    }
                    String error = entry.lastError;
                    entry.deadAt = null;
                    entry.attempts = 0;
                    entry.availableAt = clock.instant();
                    return preparations.requeued(entry)
                            .chain(() -> audit.record(actor, "outbox.requeue", "outbox", entry.id,
                                    Map.of("topic", entry.topic, "type", entry.type, "lastError", error)))
                            .replaceWith(View.of(entry));
                }))
                .invoke(outbox::wakeRelay);
    }
}
