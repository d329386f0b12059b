package io.omnihub.request;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.omnihub.platform.Outages;
import io.omnihub.platform.Outbox;
import io.omnihub.request.RequestEvents.SlaBreached;
import io.omnihub.request.RequestRepository.Breach;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Finds requests that missed their team's first-response or resolution deadline and reports each breach once: a
 * {@code request.sla-breached} event on {@code omnihub.events} (in the transaction that marks it) and the
 * {@code omnihub_sla_breaches_total} counter, by team and target.
 */
@ApplicationScoped
class SlaWatch {

    static final String FIRST_RESPONSE = "FIRST_RESPONSE";
    static final String RESOLUTION = "RESOLUTION";
    private static final int BATCH = 200;

    private final RequestRepository requests;
    private final Outbox outbox;
    private final MeterRegistry registry;
    private final Clock clock;

    SlaWatch(RequestRepository requests, Outbox outbox, MeterRegistry registry, Clock clock) {
        this.requests = requests;
        this.outbox = outbox;
        this.registry = registry;
        this.clock = clock;
    }

    @Scheduled(every = "${omnihub.requests.sla-check-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> check() {
        Instant now = clock.instant();
        return Outages.untilNextRun(SlaWatch.class, Panache.withTransaction(() -> requests
                .firstResponsesOverdue(now, BATCH)
                .call(first -> report(first, FIRST_RESPONSE))
                .chain(first -> requests.resolutionsOverdue(now, BATCH).call(resolution -> report(resolution,
                        RESOLUTION)).map(resolution -> List.of(first, resolution))))
                // counted once committed
                .invoke(found -> {
                    found.get(0).forEach(b -> counter(b.team(), FIRST_RESPONSE).increment());
                    found.get(1).forEach(b -> counter(b.team(), RESOLUTION).increment());
                    if (!found.get(0).isEmpty() || !found.get(1).isEmpty()) {
                        outbox.wakeRelayForEvents();
                    }
                })
                .replaceWithVoid());
    }

    private Uni<Void> report(List<Breach> breaches, String target) {
        return Multi.createFrom().iterable(breaches)
                .onItem().transformToUniAndConcatenate(b -> outbox.event(new SlaBreached(b.requestId(), b.team(),
                        target, b.dueAt())))
                .collect().last().replaceWithVoid();
    }

    private Counter counter(String team, String target) {
        return Counter.builder("omnihub.sla.breaches").description("Requests that missed a deadline of their team")
                .tag("team", team).tag("target", target).register(registry);
    }
}
