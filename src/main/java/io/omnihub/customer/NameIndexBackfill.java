package io.omnihub.customer;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.omnihub.customer.crypto.CustomerKeys;
import io.omnihub.customer.crypto.PersonalDataCipher;
import io.omnihub.platform.Outages;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Indexes the names of profiles named before the name index existed (V15): a batch every few seconds in the
 * background after start-up, until a pass finds none left; then nothing more until the next start. Indexing is
 * idempotent, so replicas doing it at once only repeat each other's work.
 */
@ApplicationScoped
class NameIndexBackfill {

    private static final Logger LOG = Logger.getLogger(NameIndexBackfill.class);
    static final int BATCH = 200;

    private final CustomerRepository customers;
    private final CustomerKeys keys;
    private final PersonalDataCipher cipher;
    private final NameTokens tokens;
    private volatile UUID after = new UUID(0, 0);
    private volatile boolean done;

    NameIndexBackfill(CustomerRepository customers, CustomerKeys keys, PersonalDataCipher cipher, NameTokens tokens) {
        this.customers = customers;
        this.keys = keys;
        this.cipher = cipher;
        this.tokens = tokens;
    }

    @Scheduled(every = "5s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> run() {
        if (done) {
            return Uni.createFrom().voidItem();
        }
        return Outages.untilNextRun(NameIndexBackfill.class, batch().invoke(indexed -> {
            if (indexed == 0) {
                done = true;
            } else {
                LOG.infof("Name index: %d earlier profiles indexed", indexed);
            }
        }).replaceWithVoid());
    }

    /**
     * Indexes the next batch of named profiles without index entries; answers how many it looked at. A profile whose
     * data key does not unwrap, or whose sealed name does not open, is skipped alone (counted in the log, never
     * named): the batch's cursor has moved past it, and the rest of the batch is still indexed.
     */
    Uni<Integer> batch() {
        return Panache.withTransaction(() -> customers.unindexedNames(after, BATCH).chain(rows -> {
            if (rows.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            List<UUID> ids = new ArrayList<>();
            rows.forEach(row -> ids.add((UUID) row[0]));
            after = ids.get(ids.size() - 1);
            AtomicInteger unreadable = new AtomicInteger();
            return loadKeys(ids).chain(() -> Multi.createFrom().iterable(rows)
                    .onItem().transformToUniAndConcatenate(row -> {
                        String name = opened(row, unreadable);
                        return name == null ? Uni.createFrom().voidItem() : tokens.index((UUID) row[0], name);
                    })
                    .collect().last())
                    .invoke(() -> {
                        if (unreadable.get() > 0) {
                            LOG.warnf("Name index: %d profiles skipped, their names could not be opened",
                                    unreadable.get());
                        }
                    })
                    .replaceWith(rows.size());
        }));
    }

    /** The batch's keys at once; when one of them does not unwrap, each on its own, the unreadable left out. */
    private Uni<Void> loadKeys(List<UUID> ids) {
        return keys.load(ids).onFailure(IllegalStateException.class).recoverWithUni(() -> Multi.createFrom()
                .iterable(ids)
                .onItem().transformToUniAndConcatenate(id -> keys.load(List.of(id))
                        .onFailure(IllegalStateException.class).recoverWithNull())
                .collect().last().replaceWithVoid());
    }

    private String opened(Object[] row, AtomicInteger unreadable) {
        try {
            return cipher.open("name", (byte[]) row[1]);
        } catch (IllegalStateException e) {
            unreadable.incrementAndGet();
            return null;
        }
    }
}
