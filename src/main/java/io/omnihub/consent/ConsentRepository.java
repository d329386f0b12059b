package io.omnihub.consent;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.routing.Purpose;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * Every query of consent's tables: the ledger of consent events, the current consent per channel and purpose, and
 * preferences. Each joins the caller's session and transaction, or opens a session of its own.
 */
@ApplicationScoped
@WithSession
class ConsentRepository {

    /**
     * Appends the event to the ledger and makes it the current state of its channel and purpose, in one statement.
     * What the session holds is written first (the profile the event is about may be new in this transaction).
     */
    Uni<Void> record(ConsentEvent event) {
        return Panache.getSession().chain(s -> s.flush()
                .chain(() -> s.createNativeQuery("WITH e AS (INSERT INTO consent_event (id, customer_id, channel,"
                        + " purpose, action, text_version, captured_channel, actor, evidence_enc, occurred_at)"
                        + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id)"
                        + " INSERT INTO consent (customer_id, channel, purpose, granted, event_id, updated_at)"
                        + " SELECT ?2, ?3, ?4, ?11, id, ?10 FROM e ON CONFLICT (customer_id, channel, purpose)"
                        + " DO UPDATE SET granted = excluded.granted, event_id = excluded.event_id,"
                        + " updated_at = excluded.updated_at")
                        .setParameter(1, event.id).setParameter(2, event.customerId).setParameter(3, event.channel)
                        .setParameter(4, event.purpose.name()).setParameter(5, event.action.name())
                        .setParameter(6, event.textVersion).setParameter(7, event.capturedChannel)
                        .setParameter(8, event.actor).setParameter(9, event.evidenceEnc)
                        .setParameter(10, event.occurredAt)
                        .setParameter(11, event.action == ConsentEvent.Action.GRANTED)
                        .executeUpdate()))
                .replaceWithVoid();
    }

    /** The customer's current consent, by channel and purpose. */
    Uni<List<Consent>> current(UUID customerId) {
        return Panache.getSession().chain(s -> s.createSelectionQuery(
                "from Consent where customerId = ?1 order by channel, purpose", Consent.class)
                .setParameter(1, customerId).getResultList());
    }

    /** The customer's ledger, oldest first; for one purpose, or all when {@code purpose} is null. */
    Uni<List<ConsentEvent>> history(UUID customerId, Purpose purpose) {
        return Panache.getSession().chain(s -> purpose == null
                ? s.createSelectionQuery("from ConsentEvent where customerId = ?1 order by occurredAt, id",
                        ConsentEvent.class).setParameter(1, customerId).getResultList()
                : s.createSelectionQuery("from ConsentEvent where customerId = ?1 and purpose = ?2"
                        + " order by occurredAt, id", ConsentEvent.class)
                        .setParameter(1, customerId).setParameter(2, purpose).getResultList());
    }

    /** These customers' current consent. */
    Uni<List<Consent>> currentOf(Collection<UUID> customerIds) {
        return Panache.getSession().chain(s -> s.createSelectionQuery("from Consent where customerId in ?1",
                Consent.class).setParameter(1, customerIds).getResultList());
    }

    /** These customers' preferences (none for a customer who never set any). */
    Uni<List<Preference>> preferencesOf(Collection<UUID> customerIds) {
        return Panache.getSession().chain(s -> s.createSelectionQuery("from Preference where customerId in ?1",
                Preference.class).setParameter(1, customerIds).getResultList());
    }

    /** The customer's preferences, or null. */
    Uni<Preference> preference(UUID customerId) {
        return Panache.getSession().chain(s -> s.find(Preference.class, customerId));
    }

    /** New preferences of a customer who had none. */
    Uni<Void> persist(Preference preference) {
        return Panache.getSession().chain(s -> s.persist(preference));
    }
}
