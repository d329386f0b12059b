package io.omnihub.consent;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.platform.Outbox;
import io.omnihub.platform.SessionSql;
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

    private final Outbox outbox;

    ConsentRepository(Outbox outbox) {
        this.outbox = outbox;
    }

    /**
     * Appends the events to the ledger and makes each the current state of its channel and purpose (one event per
     * channel and purpose), in one statement. What the session holds is written first (the profile the events are
     * about may be new in this transaction).
     */
    Uni<Void> record(List<ConsentEvent> events) {
        String sql = "WITH e AS (INSERT INTO consent_event (id, customer_id, channel, purpose, action, text_version,"
                + " captured_channel, actor, evidence_enc, occurred_at) VALUES " + rows(events.size())
                + " RETURNING id, customer_id, channel, purpose, action, occurred_at)"
                + " INSERT INTO consent (customer_id, channel, purpose, granted, event_id, updated_at)"
                + " SELECT customer_id, channel, purpose, action = 'GRANTED', id, occurred_at FROM e"
                + " ON CONFLICT (customer_id, channel, purpose) DO UPDATE SET granted = excluded.granted,"
                + " event_id = excluded.event_id, updated_at = excluded.updated_at";
        return SessionSql.update(sql, values(events)).replaceWithVoid();
    }

    /**
     * The placeholders of {@code count} consent events' rows, typed (a {@code VALUES} of its own has no columns to
     * take their types from); {@link #values} fills them.
     */
    private static String rows(int count) {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < count; i++) {
            int p = i * EVENT_COLUMNS;
            rows.append(i == 0 ? "" : ", ").append("(CAST(?").append(p + 1).append(" AS uuid), CAST(?")
                    .append(p + 2).append(" AS uuid)");
            for (int c = 3; c <= EVENT_COLUMNS - 2; c++) {
                rows.append(", CAST(?").append(p + c).append(" AS text)");
            }
            rows.append(", CAST(?").append(p + 9).append(" AS bytea), CAST(?").append(p + 10)
                    .append(" AS timestamptz))");
        }
        return rows.toString();
    }

    /** The values of the events' rows, in the order of {@link #rows}' placeholders. */
    private static Object[] values(List<ConsentEvent> events) {
        List<Object> values = new ArrayList<>(events.size() * EVENT_COLUMNS);
        for (ConsentEvent e : events) {
            values.addAll(Arrays.asList(e.id, e.customerId, e.channel, e.purpose.name(), e.action.name(),
                    e.textVersion, e.capturedChannel, e.actor, e.evidenceEnc, e.occurredAt));
        }
        return values.toArray();
    }

    /**
     * As {@link #record}, for the events whose channel and purpose the customer has not decided yet (no current
     * consent, granted or withdrawn); the others are skipped, by the same statement. The current state is written
     * first, where none is there ({@code ON CONFLICT DO NOTHING}: a decision another transaction committed meanwhile
     * stays), and the ledger gets the entries of what it wrote (the foreign key is checked at the statement's end).
     * Answers the ids written.
     */
    Uni<Set<UUID>> recordUndecided(List<ConsentEvent> events) {
        String sql = "WITH w (id, customer_id, channel, purpose, action, text_version, captured_channel, actor,"
                + " evidence_enc, occurred_at) AS (VALUES " + rows(events.size()) + "),"
                + " c AS (INSERT INTO consent (customer_id, channel, purpose, granted, event_id, updated_at)"
                + " SELECT customer_id, channel, purpose, action = 'GRANTED', id, occurred_at FROM w"
                + " ON CONFLICT (customer_id, channel, purpose) DO NOTHING RETURNING event_id),"
                + " e AS (INSERT INTO consent_event (id, customer_id, channel, purpose, action, text_version,"
                + " captured_channel, actor, evidence_enc, occurred_at) SELECT * FROM w"
                + " WHERE id IN (SELECT event_id FROM c))"
                + " SELECT event_id FROM c";
        return SessionSql.select(sql, values(events))
                .map(rows -> rows.stream().map(row -> (UUID) row[0]).collect(Collectors.toUnmodifiableSet()));
    }

    /**
     * The ledger's entries and the current state of a profile created in the caller's transaction, of which nothing is
     * decided, written by the batch's last statement ({@link Outbox#carry}). Plain inserts, not {@link #record}'s
     * upsert: a consent of the profile written before that statement makes it fail on the primary key, and the
     * transaction with it, so only a caller that writes no other consent of the profile may use it.
     */
    Uni<Void> recordNew(List<ConsentEvent> events) {
        return outbox.carry("consent_entries AS (INSERT INTO consent_event (id, customer_id, channel, purpose, action,"
                + " text_version, captured_channel, actor, evidence_enc, occurred_at) VALUES " + rows(events.size())
                + " RETURNING id, customer_id, channel, purpose, action, occurred_at),"
                + " consent_now AS (INSERT INTO consent (customer_id, channel, purpose, granted, event_id, updated_at)"
                + " SELECT customer_id, channel, purpose, action = 'GRANTED', id, occurred_at FROM consent_entries)",
                values(events));
    }

    /** The columns of a consent event's row. */
    private static final int EVENT_COLUMNS = 10;

    /** When each of these customers last changed their consent themselves; those who never did are left out. */
    Uni<Map<UUID, Instant>> lastChangedByCustomer(Collection<UUID> customerIds) {
        return SessionSql.select("SELECT customer_id, max(occurred_at) FROM consent_event WHERE customer_id = ANY(?1)"
                + " AND actor = ?2 GROUP BY customer_id", customerIds.toArray(UUID[]::new), ConsentEvent.BY_CUSTOMER)
                .map(rows -> {
                    Map<UUID, Instant> last = new HashMap<>();
                    rows.forEach(row -> last.put((UUID) row[0], ((OffsetDateTime) row[1]).toInstant()));
                    return last;
                });
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

    /** The customer's preferences, or null. */
    Uni<Preference> preference(UUID customerId) {
        return Panache.getSession().chain(s -> s.find(Preference.class, customerId));
    }

    /** New preferences of a customer who had none. */
    Uni<Void> persist(Preference preference) {
        return Panache.getSession().chain(s -> s.persist(preference));
    }
}
