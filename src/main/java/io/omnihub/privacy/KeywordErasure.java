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
import io.omnihub.platform.Ids;
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

    KeywordErasure(ErasureService erasures, IdentityService identities, PrivacyConfig config, Clock clock) {
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
        // the message's profile may be new in this session: written before the statement names it
        return Panache.getSession().chain(s -> s.flush().chain(() -> s.createNativeQuery("INSERT INTO erasure_ask"
                + " (id, customer_id, message_id, sender_hash, requested_via, asked_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
                .setParameter(1, Ids.next()).setParameter(2, asked.customerId()).setParameter(3, asked.messageId())
                .setParameter(4, identities.lookupHash(asked.sender())).setParameter(5, asked.via())
                .setParameter(6, clock.instant())
                .executeUpdate()))
                .replaceWithVoid();
    }

    @Override
    public Uni<Void> afterCommit(ErasureAsked asked) {
        return asks("SELECT id FROM erasure_ask WHERE message_id = ?1", asked.messageId());
    }

    /** Asks that were recorded but not carried out, and whose claim ran out: carried out now, the oldest first. */
    @Scheduled(every = "${omnihub.privacy.sweep-interval:60s}", skipExecutionIf = Scheduled.ApplicationNotRunning.class, concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        Instant now = clock.instant();
        return asks("SELECT id FROM erasure_ask WHERE asked_at < ?1 AND (claimed_until IS NULL OR claimed_until < ?2)"
                + " ORDER BY coalesce(claimed_until, asked_at) LIMIT 10", now.minus(LEFT_BEHIND), now);
    }

    private Uni<Void> asks(String query, Object... parameters) {
        return Panache.withSession(() -> Panache.getSession().chain(s -> {
            var select = s.createNativeQuery(query, UUID.class);
            for (int i = 0; i < parameters.length; i++) {
                select.setParameter(i + 1, parameters[i]);
            }
            return select.getResultList();
        })).chain(this::carryOut);
    }

    /** One after the other; a failure leaves its ask to the sweep and does not stop the others. */
    private Uni<Void> carryOut(List<UUID> asks) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (UUID id : asks) {
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
        return Panache.withTransaction(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                "UPDATE erasure_ask SET claimed_until = ?2 WHERE id = ?1 AND (claimed_until IS NULL OR claimed_until"
                        + " < ?3) RETURNING customer_id, sender_hash, requested_via",
                Object[].class)
                .setParameter(1, askId).setParameter(2, now.plus(CLAIM)).setParameter(3, now)
                .getResultList()))
                .map(rows -> rows.isEmpty() ? null : new Claimed(rows.get(0)))
                .chain(claimed -> claimed == null ? Uni.createFrom().voidItem()
                        : erasures.eraseProven(askId, claimed.customerId(), claimed.senderHash(), claimed.via(),
                                config.customerRequestBasis())
                                // nothing was left to erase: the ask goes all the same
                                .chain(() -> Panache.withTransaction(() -> Panache.getSession().chain(s -> s
                                        .createNativeQuery("DELETE FROM erasure_ask WHERE id = ?1")
                                        .setParameter(1, askId).executeUpdate())))
                                .replaceWithVoid());
    }

    /** A claimed ask: the profile it was asked on, the sender's lookup hash, the channel. */
    private record Claimed(UUID customerId, byte[] senderHash, String via) {
        Claimed(Object[] row) {
            this((UUID) row[0], (byte[]) row[1], (String) row[2]);
        }
    }
}
