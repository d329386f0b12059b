package io.omnihub.customer;

import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.platform.SessionSql;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
@WithSession
public class CustomerRepository implements PanacheRepositoryBase<Customer, UUID> {

    /**
     * Replaces a customer's name index with these word hashes (hex), in one statement on the caller's session: the
     * words no longer in the name go, the new ones come. The session is flushed first: a profile created in this
     * transaction must be in its table before its words can point at it.
     */
    Uni<Void> indexName(UUID customerId, List<String> hexHashes) {
        String joined = String.join(",", hexHashes);
        return getSession().chain(s -> s.flush().replaceWith(s))
                .chain(s -> s.createNativeQuery("WITH wanted AS (SELECT decode(h, 'hex') AS token_hash"
                        + " FROM unnest(string_to_array(CAST(?2 AS text), ',')) AS h),"
                        + " gone AS (DELETE FROM customer_name_token WHERE customer_id = ?1"
                        + " AND token_hash NOT IN (SELECT token_hash FROM wanted))"
                        + " INSERT INTO customer_name_token (token_hash, customer_id) SELECT token_hash, ?1 FROM wanted"
                        + " ON CONFLICT DO NOTHING").setParameter(1, customerId).setParameter(2, joined).executeUpdate())
                .replaceWithVoid();
    }

    /** Active named profiles after {@code after} (by id) without name index entries: their id and sealed name. */
    Uni<List<Object[]>> unindexedNames(UUID after, int limit) {
        return getSession().chain(s -> s.createNativeQuery("SELECT c.id, c.name_enc FROM customer c"
                + " WHERE c.status = 'ACTIVE' AND length(c.name_enc) > 0 AND c.id > ?1"
                + " AND NOT EXISTS (SELECT 1 FROM customer_name_token t WHERE t.customer_id = c.id)"
                + " ORDER BY c.id LIMIT ?2", Object[].class).setParameter(1, after).setParameter(2, limit)
                .getResultList());
    }

    /** The active profiles indexed under every one of these word hashes (hex), at most {@code limit}. */
    Uni<List<UUID>> byNameTokens(List<String> hexHashes, int limit) {
        return getSession().chain(s -> s.createNativeQuery("SELECT t.customer_id FROM customer_name_token t"
                + " JOIN customer c ON c.id = t.customer_id AND c.status = 'ACTIVE'"
                + " WHERE t.token_hash IN (SELECT decode(h, 'hex') FROM unnest(string_to_array(CAST(?1 AS text), ','))"
                + " AS h) GROUP BY t.customer_id HAVING count(*) = ?2 ORDER BY t.customer_id LIMIT ?3", UUID.class)
                .setParameter(1, String.join(",", hexHashes)).setParameter(2, hexHashes.size())
                .setParameter(3, limit).getResultList());
    }

    /** The customer first, then every profile merged into it, directly or through others; on the caller's session. */
    public Uni<List<UUID>> withMergedProfiles(UUID customerId) {
        return getSession()
                .chain(s -> s.createNativeQuery("WITH RECURSIVE merged(id) AS (SELECT id FROM customer WHERE merged_into = ?1"
                        + " UNION SELECT c.id FROM customer c JOIN merged ON c.merged_into = merged.id) SELECT id FROM merged",
                        UUID.class).setParameter(1, customerId).getResultList())
                .map(merged -> Stream.concat(Stream.of(customerId), merged.stream()).toList());
    }

    /**
     * A profile's status, the golden record it was merged into (null unless MERGED), and whether it has a name (a
     * message's name is taken only by a profile without one).
     */
    record Status(Customer.Status status, UUID mergedInto, boolean named) {
    }

    /**
     * Locks the profile's row FOR NO KEY UPDATE for the caller's transaction and answers its status; null for no such
     * profile.
     */
    Uni<Status> lockedProfile(UUID id) {
        return SessionSql.select("SELECT status, merged_into, name_enc IS NOT NULL FROM customer WHERE id = ?1"
                + " FOR NO KEY UPDATE", id)
                .map(rows -> rows.isEmpty() ? null
                        : new Status(Customer.Status.valueOf((String) rows.get(0)[0]), (UUID) rows.get(0)[1],
                                Boolean.TRUE.equals(rows.get(0)[2])));
    }

    /** The customer's status, or null for no such customer. On the caller's session, or one of its own. */
    public Uni<Customer.Status> status(UUID customerId) {
        return findById(customerId).map(c -> c == null ? null : c.status);
    }

    /**
     * Locks the customer's row for the caller's transaction, before anything else about the customer changes, and
     * answers its status (null: no such customer).
     */
    public Uni<String> lockedStatus(UUID customerId) {
        return getSession().chain(s -> s.createNativeQuery("SELECT status FROM customer WHERE id = ?1 FOR UPDATE",
                String.class).setParameter(1, customerId).getSingleResultOrNull());
    }

    /**
     * An ERASED tombstone for a profile this database never held: an erasure re-applied from the erasure log after a
     * restore, of a customer created after the backup, keeps its destruction act. Nothing if the profile exists.
     */
    public Uni<Void> tombstone(UUID customerId, java.time.Instant erasedAt) {
        return getSession().chain(s -> s.createNativeQuery("INSERT INTO customer (id, status, created_at, updated_at,"
                + " erased_at) VALUES (?1, 'ERASED', ?2, ?2, ?2) ON CONFLICT (id) DO NOTHING")
                .setParameter(1, customerId).setParameter(2, erasedAt).executeUpdate()).replaceWithVoid();
    }

}
