package io.omnihub.delivery;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.consent.ConsentLedger;
import io.omnihub.platform.Json;
import io.omnihub.platform.Outages;
import io.omnihub.platform.ProblemException;
import io.omnihub.request.RequestFacts;
import io.omnihub.request.RequestRepository;
import io.omnihub.routing.Decision;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Sends the held replies that the customer's own consent change made sendable where no reaction did: a consent
 * implied by writing in raises none, and {@link HeldReplies}' reaction to a command (an SMS START) runs after the
 * command's commit at most once: not at all when the replica stops first, and it fails when the pool sheds it or
 * PostgreSQL is away, as in a surge. Every {@link DeliveryConfig#heldRecheckInterval()} this routes again, as the
 * reaction does, each held reply younger than {@link DeliveryConfig#heldResendAge()} whose customer changed
 * their consent themselves after the reply was last routed. A reply routed again gets a new decision, so it is not
 * picked up twice for one change. A run reads a page of held replies, in the order they were written, and the next
 * run goes on after it (each replica keeps its own place): with none held, a run is one statement.
 */
@ApplicationScoped
class HeldRepliesSweep {

    static final int PAGE = 200;
    private static final UUID FIRST = new UUID(0, 0);

    private final ReplyRepository stored;
    private final RequestRepository requests;
    private final ConsentLedger consents;
    private final HeldReplies held;
    private final Json json;
    private final DeliveryConfig config;
    private final Clock clock;
    /** The last reply of the last full page, where the next run goes on; null: from the youngest age again. */
    private final AtomicReference<Place> place = new AtomicReference<>();

    HeldRepliesSweep(ReplyRepository stored, RequestRepository requests, ConsentLedger consents, HeldReplies held,
            Json json, DeliveryConfig config, Clock clock) {
        this.stored = stored;
        this.requests = requests;
        this.consents = consents;
        this.held = held;
        this.json = json;
        this.config = config;
        this.clock = clock;
    }

    private record Place(Instant writtenAt, UUID messageId) {
    }

    /** A held reply as the sweep reads it. */
    private record HeldReply(UUID messageId, UUID requestId, Instant decidedAt, Instant writtenAt) {
    }

    @Scheduled(every = "${omnihub.delivery.held-recheck-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> sweep() {
        return Outages.untilNextRun(HeldRepliesSweep.class, run().replaceWithVoid());
    }

    /** One run; answers how many replies it routed again. */
    Uni<Integer> run() {
        Instant youngest = clock.instant().minus(config.heldResendAge());
        Place from = place.get();
        Place after = from == null || from.writtenAt().isBefore(youngest) ? new Place(youngest, FIRST) : from;
        return Panache.withSession(() -> stored.heldAfter(after.writtenAt(), after.messageId(), PAGE)
                .map(rows -> rows.stream().map(this::read).toList())
                .invoke(page -> place.set(page.size() < PAGE ? null : place(page.get(page.size() - 1))))
                .chain(this::changedSince))
                .chain(due -> Multi.createFrom().iterable(due)
                        // the policy as stored: a replica that missed the reaction may have missed the cache's
                        // invalidation too
                        .onItem().transformToUniAndConcatenate(r -> held.resend(r.requestId(), r.messageId(),
                                HeldReplies.SYSTEM, true).replaceWith(1)
                                // an operator or another replica got there first, or the text was erased since
                                .onFailure(ProblemException.class).recoverWithItem(0))
                        .collect().with(Collectors.summingInt(Integer::intValue)));
    }

    /** The replies of the page whose customer changed their consent themselves after the reply was last routed. */
    private Uni<List<HeldReply>> changedSince(List<HeldReply> page) {
        if (page.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return requests.facts(page.stream().map(HeldReply::requestId).distinct().toList()).chain(facts -> {
            Map<UUID, UUID> customerOf = facts.stream().collect(Collectors.toMap(RequestFacts::id,
                    RequestFacts::customerId));
            return consents.lastChangedByCustomer(customerOf.values().stream().distinct().toList())
                    .map(changed -> page.stream().filter(r -> {
                        Instant last = changed.get(customerOf.get(r.requestId()));
                        return last != null && last.isAfter(r.decidedAt());
                    }).toList());
        });
    }

    /** A row of {@link ReplyRepository#heldAfter}; a reply whose decision has no time (none since V10) by its own. */
    private HeldReply read(Object[] row) {
        Instant writtenAt = ((OffsetDateTime) row[3]).toInstant();
        Instant decidedAt = json.read((String) row[2], Decision.class).decidedAt();
        return new HeldReply((UUID) row[0], (UUID) row[1], decidedAt == null ? writtenAt : decidedAt, writtenAt);
    }

    private static Place place(HeldReply last) {
        return new Place(last.writtenAt(), last.messageId());
    }
}
