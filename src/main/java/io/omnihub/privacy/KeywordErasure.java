package io.omnihub.privacy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.omnihub.customer.IdentityService;
import io.omnihub.intake.ErasureAsked;
import io.omnihub.platform.Outages;
import io.omnihub.platform.Reaction;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * An erasure a customer asked for by keyword ({@link ErasureAsked}). The ask is recorded in the transaction that
 * stores the message (table {@code erasure_ask}), so the message and its ask commit or roll back together. Right after
 * the commit, the replica that took the message claims the ask and carries it out ({@link ErasureService#eraseProven});
 * the erasure deletes it in its own transaction. An ask left behind by a crash or a failure (PostgreSQL gone at that
 * moment) is claimed by the sweep of any replica once it is a minute old, or once its claim ran out; a claim keeps two
 * replicas from carrying out one ask at once.
 */
@ApplicationScoped
class KeywordErasure implements Reaction<ErasureAsked> {

    private static final Logger LOG = Logger.getLogger(KeywordErasure.class);

    /** An ask this old was not carried out after its commit: the sweep takes it. */
    static final Duration LEFT_BEHIND = Duration.ofMinutes(1);
    /** How long a replica holds an ask it carries out. */
    static final Duration CLAIM = Duration.ofMinutes(2);

    private final ErasureService erasures;
    private final IdentityService identities;
    private final PrivacyConfig config;
    private final Clock clock;
    private final ErasureAsks asks;

    KeywordErasure(ErasureService erasures, IdentityService identities, PrivacyConfig config, Clock clock,
            ErasureAsks asks) {
        this.asks = asks;
        this.erasures = erasures;
        this.identities = identities;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public Class<ErasureAsked> type() {
        return ErasureAsked.class;
    }

    @Override
    public Uni<Void> inTransaction(ErasureAsked asked) {
        return asks.record(asked.customerId(), asked.messageId(), identities.lookupHash(asked.sender()), asked.via(),
                clock.instant());
    }

    @Override
    public Uni<Void> afterCommit(ErasureAsked asked) {
        return asks.ofMessage(asked.messageId()).chain(this::carryOut);
    }

    /** Asks that were recorded but not carried out, and whose claim ran out: carried out now, the oldest first. */
    @Scheduled(every = "${omnihub.privacy.sweep-interval:60s}", skipExecutionIf = Scheduled.ApplicationNotRunning.class, concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        Instant now = clock.instant();
        return Outages.untilNextRun(KeywordErasure.class,
                asks.leftBehind(now.minus(LEFT_BEHIND), now, 10).chain(this::carryOut));
    }

    /** One after the other; a failure leaves its ask to the sweep and does not stop the others. */
    private Uni<Void> carryOut(List<UUID> found) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (UUID id : found) {
            chain = chain.chain(() -> carryOut(id)
                    .onFailure().invoke(e -> LOG.warnf("Keyword erasure %s was not carried out (%s); the sweep tries"
                            + " again once its claim runs out", id, e.getClass().getSimpleName()))
                    .onFailure().recoverWithNull());
        }
        return chain;
    }

    /** Claims the ask (unless another replica holds it or it is gone), carries it out, and drops it. */
    private Uni<Void> carryOut(UUID askId) {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> asks.claim(askId, now.plus(CLAIM), now))
                .chain(claimed -> claimed == null ? Uni.createFrom().voidItem()
                        : erasures.eraseProven(askId, claimed.customerId(), claimed.senderHash(), claimed.via(),
                                config.customerRequestBasis())
                                // nothing was left to erase: the ask goes all the same
                                .chain(() -> Panache.withTransaction(() -> asks.drop(askId))));
    }
}
