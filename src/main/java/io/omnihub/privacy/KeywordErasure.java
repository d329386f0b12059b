package io.omnihub.privacy;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.customer.IdentityService;
import io.omnihub.intake.ErasureAsked;
import io.omnihub.platform.Ids;
import io.omnihub.platform.Reaction;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * An erasure a customer asked for by keyword ({@link ErasureAsked}). The ask is recorded in the transaction that
 * stores the message (table {@code erasure_ask}, ids only), so the message and its ask commit or roll back together;
 * it is carried out right after the commit ({@link ErasureService#eraseProven}) and its row goes. An ask left behind
 * by a crash or a failure in between (PostgreSQL gone at that moment) is carried out by the sweep.
 */
@ApplicationScoped
class KeywordErasure implements Reaction<ErasureAsked> {

    /** An ask this old was not carried out after its commit: the sweep takes it. */
    static final Duration LEFT_BEHIND = Duration.ofMinutes(1);

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
        // the message's profile and contact may be new in this session: written before the statement names them
        return Panache.getSession().chain(s -> s.flush()
                .chain(() -> identities.contactId(asked.sender()))
                .chain(contact -> s.createNativeQuery("INSERT INTO erasure_ask (id, customer_id, sender_contact_id,"
                        + " requested_via, asked_at) VALUES (?1, ?2, ?3, ?4, ?5)")
                        .setParameter(1, Ids.next()).setParameter(2, asked.customerId()).setParameter(3, contact)
                        .setParameter(4, asked.via()).setParameter(5, clock.instant())
                        .executeUpdate()))
                .replaceWithVoid();
    }

    @Override
    public Uni<Void> afterCommit(ErasureAsked asked) {
        return asks("SELECT id FROM erasure_ask WHERE customer_id = ?1", asked.customerId());
    }

    /** Asks that were recorded but not carried out: carried out now, the oldest first. */
    @Scheduled(every = "${omnihub.privacy.sweep-interval:60s}", skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> sweep() {
        return asks("SELECT id FROM erasure_ask WHERE asked_at < ?1 ORDER BY asked_at LIMIT 10",
                clock.instant().minus(LEFT_BEHIND));
    }

    private Uni<Void> asks(String query, Object parameter) {
        return Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery(query, UUID.class)
                .setParameter(1, parameter).getResultList()))
                .chain(this::carryOut);
    }

    private Uni<Void> carryOut(List<UUID> asks) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (UUID id : asks) {
            chain = chain.chain(() -> carryOut(id));
        }
        return chain;
    }

    /** One ask: its erasure, then its row; a failure leaves the row for the sweep. */
    private Uni<Void> carryOut(UUID askId) {
        return Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                "SELECT customer_id, sender_contact_id, requested_via FROM erasure_ask WHERE id = ?1", Object[].class)
                .setParameter(1, askId).getSingleResultOrNull()))
                .chain(ask -> ask == null ? Uni.createFrom().voidItem()
                        : erasures.eraseProven((UUID) ask[0], (UUID) ask[1], (String) ask[2],
                                config.customerRequestBasis())
                                .chain(() -> Panache.withTransaction(() -> Panache.getSession().chain(s -> s
                                        .createNativeQuery("DELETE FROM erasure_ask WHERE id = ?1")
                                        .setParameter(1, askId).executeUpdate())))
                                .replaceWithVoid());
    }
}
