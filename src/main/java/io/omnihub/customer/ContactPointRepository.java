package io.omnihub.customer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.omnihub.channel.ContactKind;
import io.omnihub.consent.ConsentLedger;
import io.omnihub.platform.ReadAfter;
import io.omnihub.platform.SessionSql;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
@WithSession
public class ContactPointRepository implements PanacheRepositoryBase<ContactPoint, UUID> {

    /** The columns of {@link #foundAndLocked}'s rows. */
    private static final int LOOKUP_COLUMNS = 10;

    /**
     * The contact points with the keyed hashes {@code ?1} on every profile that has one, and the profile they prove
     * locked FOR NO KEY UPDATE (as {@link CustomerRepository#lockedProfile}): the one profile holding one of the
     * trusted hashes {@code ?2} as a trusted contact, or, with none holding any, the profile {@code fallback} (the
     * conversation's, or none). Several such profiles are merged, and none is locked here. The function
     * {@code found_and_locked} (V32) reads them with a snapshot of its own, after whatever the statement did before it
     * (the intake's thread lock).
     * <p>
     * The lock waits for a transaction holding the profile, and then reads its row as that one committed it (a merge
     * sets it MERGED with its golden record); the contacts are read as they were when the function's statement began,
     * as a statement of their own run before the lock would read them. The channels the locked profile decided its
     * SERVICE consent on come with them ({@link ConsentLedger#serviceDecidedOf}), as they were when the calling
     * statement began: consent a message implies is written only where none is decided, by its own statement, so a
     * decision made meanwhile stays, and costs only a statement that writes nothing.
     */
    private static String foundAndLocked(String fallback) {
        return "WITH l AS MATERIALIZED (SELECT * FROM found_and_locked(?1, ?2, " + fallback + "))"
                + " SELECT tag, id, customer_id, kind, value_hash, trust, status, merged_into, named, NULL AS channel"
                + " FROM l UNION ALL SELECT 2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, d.channel FROM ("
                + ConsentLedger.serviceDecidedOf("(SELECT id FROM l WHERE tag = 1)") + ") d";
    }

    /** A contact point a message's value matched: whose it is, and how far it is trusted. */
    record Found(UUID id, UUID customerId, ContactKind kind, byte[] valueHash, Trust trust) {
    }

    /**
     * What {@link #foundAndLocked} read: the contacts, and the profile it locked with its status and the channels of
     * its decided SERVICE consent, or nulls and none.
     */
    public record Lookup(List<Found> contacts, UUID lockedId, CustomerRepository.Status locked,
            Set<String> serviceDecided) {
    }

    /**
     * The read of the contact points with these keyed hashes, and of the profile the trusted ones among them prove
     * (or, with none, the fallback the read is given, if not null) locked for the caller's transaction: one statement
     * alone, or part of another feature's ({@link ReadAfter}).
     */
    static ReadAfter<Lookup> foundAndLocked(List<byte[]> valueHashes, List<byte[]> trustedHashes) {
        return new ReadAfter<>(ContactPointRepository::foundAndLocked, LOOKUP_COLUMNS,
                new Object[] { valueHashes.toArray(byte[][]::new), trustedHashes.toArray(byte[][]::new) },
                ContactPointRepository::lookup);
    }

    /**
     * The read of the question's contacts alone, in the caller's session, {@code fallback} the profile to lock when no
     * trusted contact proves one.
     */
    public Uni<Lookup> lookup(IdentityQuestion question, UUID fallback) {
        ReadAfter<Lookup> read = question.read();
        return SessionSql.select(read.textAlone(), read.valuesAlone(fallback)).map(read.rows());
    }

    private static Lookup lookup(List<Object[]> rows) {
        List<Found> contacts = new ArrayList<>(rows.size());
        UUID lockedId = null;
        CustomerRepository.Status locked = null;
        Set<String> decided = new HashSet<>();
        for (Object[] row : rows) {
            switch (((Number) row[0]).intValue()) {
                case 0 -> contacts.add(new Found((UUID) row[1], (UUID) row[2], ContactKind.valueOf((String) row[3]),
                        (byte[]) row[4], Trust.valueOf((String) row[5])));
                case 1 -> {
                    lockedId = (UUID) row[1];
                    locked = new CustomerRepository.Status(Customer.Status.valueOf((String) row[6]), (UUID) row[7],
                            Boolean.TRUE.equals(row[8]));
                }
                default -> decided.add((String) row[9]);
            }
        }
        return new Lookup(contacts, lockedId, locked, decided);
    }

    /** Raises claimed contacts (by id) to the trust of a stronger identifier for their value; caller's session. */
    Uni<Void> trust(Map<UUID, Identity> raised, Instant at) {
        Uni<Void> done = Uni.createFrom().voidItem();
        for (Map.Entry<UUID, Identity> r : raised.entrySet()) {
            Identity by = r.getValue();
            done = done.call(() -> SessionSql.update("UPDATE contact_point SET trust = ?2, proof = ?3, proof_ref = ?4,"
                    + " trusted_at = ?5 WHERE id = ?1 AND trust = 'CLAIMED'", r.getKey(), by.trust(), by.proof(),
                    by.proofRef(), at));
        }
        return done;
    }

    /** The contact point with this keyed hash whose profile owns the value: the trusted one, else the oldest claim. */
    public Uni<ContactPoint> owner(byte[] valueHash) {
        return find("valueHash = ?1 order by case when trust = ?2 then 1 else 0 end, id", valueHash, Trust.CLAIMED)
                .firstResult();
    }

    /**
     * Every contact of the profile that owns the value with this keyed hash (as {@link #owner}), in id order; empty
     * if no profile does. One statement.
     */
    public Uni<List<ContactPoint>> ofOwner(byte[] valueHash) {
        return list("customerId = (select o.customerId from ContactPoint o where o.valueHash = ?1"
                + " order by case when o.trust = ?2 then 1 else 0 end, o.id limit 1) order by id", valueHash,
                Trust.CLAIMED);
    }

    /** The contact point, its row locked for the caller's transaction; or null. */
    Uni<ContactPoint> locked(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** A contact point's facts, or null if there is no such contact. On the caller's session. */
    public Uni<ContactFacts> facts(UUID id) {
        return findById(id).map(ContactFacts::of);
    }

    /** The customer's contact with this keyed hash, or null. On the caller's session. */
    public Uni<ContactFacts> ofCustomer(UUID customerId, byte[] valueHash) {
        return find("customerId = ?1 and valueHash = ?2", customerId, valueHash).firstResult().map(ContactFacts::of);
    }

    /** The customer's active contact of this kind, a vouched or verified one before a claimed one; or null. */
    public Uni<ContactFacts> bestActive(UUID customerId, ContactKind kind) {
        return find("customerId = ?1 and kind = ?2 and state = ?3 order by case when trust = ?4 then 1 else 0 end,"
                + " id desc", customerId, kind, ContactPoint.State.ACTIVE, Trust.CLAIMED).firstResult()
                .map(ContactFacts::of);
    }

    /**
     * The kinds of contact the customers ?1 have, a row per customer, kind and state, each as (customer, kind, state,
     * a null {@code timestamptz}): four columns, so that a statement can read them with another feature's rows
     * ({@code UNION ALL}) and tell them apart by the null. {@link #kindOf} folds them.
     */
    public static final String KINDS = "SELECT DISTINCT customer_id, kind, state, CAST(NULL AS timestamptz)"
            + " FROM contact_point WHERE customer_id = ANY(?1)";

    /**
     * Folds one of {@link #KINDS}' rows into the kinds by customer, each kind with its best state: ACTIVE when one
     * contact of that kind is, else RETIRED or UNREACHABLE.
     */
    public static void kindOf(Object[] row, Map<UUID, Map<String, String>> kinds) {
        kinds.computeIfAbsent((UUID) row[0], c -> new HashMap<>())
                .merge((String) row[1], (String) row[2], (a, b) -> "ACTIVE".equals(a) ? a : b);
    }

    /** Moves every contact of {@code from} to {@code to}; answers the ids moved. In the caller's transaction. */
    Uni<List<UUID>> moveAll(UUID from, UUID to) {
        return getSession().chain(s -> s.createNativeQuery("UPDATE contact_point SET customer_id = ?1"
                + " WHERE customer_id = ?2 RETURNING id", UUID.class).setParameter(1, to).setParameter(2, from)
                .getResultList());
    }

    /** Moves these contacts (back) to {@code customerId}. In the caller's transaction. */
    Uni<Void> moveBack(UUID customerId, List<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return getSession().chain(s -> s.createNativeQuery("UPDATE contact_point SET customer_id = ?1 WHERE id IN (?2)")
                .setParameter(1, customerId).setParameter(2, ids).executeUpdate()).replaceWithVoid();
    }

    /**
     * Before a merge: a value both profiles hold (a claim on one, the same value on the other) stays once, on the
     * survivor, with the stronger trust of the two; the merged profile's copy goes (an unmerge does not bring it
     * back). In the caller's transaction.
     */
    Uni<Void> foldShared(UUID survivor, UUID merged) {
        return getSession().chain(s -> s.createNativeQuery("DELETE FROM contact_point m USING contact_point k"
                + " WHERE m.customer_id = ?2 AND k.customer_id = ?1 AND k.value_hash = m.value_hash"
                + " RETURNING m.value_hash, m.trust, m.proof, m.proof_ref, m.trusted_at", Object[].class)
                .setParameter(1, survivor).setParameter(2, merged).getResultList()
                .chain(gone -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Object[] g : gone) {
                        if ("CLAIMED".equals(g[1])) {
                            continue;
                        }
                        chain = chain.chain(() -> s.createNativeQuery("UPDATE contact_point SET trust = ?3, proof = ?4,"
                                + " proof_ref = ?5, trusted_at = ?6 WHERE customer_id = ?1 AND value_hash = ?2"
                                + " AND trust = 'CLAIMED'")
                                .setParameter(1, survivor).setParameter(2, g[0]).setParameter(3, g[1])
                                .setParameter(4, g[2]).setParameter(5, g[3]).setParameter(6, g[4])
                                .executeUpdate()).replaceWithVoid();
                    }
                    return chain;
                }));
    }
}
