package io.omnihub.security;

import java.util.ArrayList;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.platform.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Object-level authorisation: every id a caller names is checked against what the caller may see. Requests
 * belong to a team; a customer is visible to an operator who sees at least one of the customer's requests. What a
 * caller may not see answers 404, exactly like what does not exist.
 */
@ApplicationScoped
public class Visibility {

    private final Pool db;

    public Visibility(Pool db) {
        this.db = db;
    }

    public Uni<Void> request(UUID requestId, Caller caller) {
        return db.preparedQuery("SELECT r.team, c.status FROM request r JOIN customer c ON c.id = r.customer_id"
                + " WHERE r.id = $1").execute(Tuple.of(requestId))
                .map(rows -> {
                    if (rows.size() == 0 || !caller.sees(rows.iterator().next().getString(0))) {
                        throw ProblemException.notFound("Request");
                    }
                    if ("ERASED".equals(rows.iterator().next().getString(1))) {
                        throw gone();
                    }
                    return null;
                });
    }

    /** Which of these customers the caller may see (not erased, and a request of theirs in the caller's teams). */
    public Uni<java.util.Set<UUID>> seen(java.util.Collection<UUID> customers, Caller caller) {
        if (customers.isEmpty()) {
            return Uni.createFrom().item(java.util.Set.of());
        }
        return db.preparedQuery("SELECT c.id FROM customer c WHERE c.id = ANY($1) AND c.status <> 'ERASED'"
                + " AND ($3 OR EXISTS (SELECT 1 FROM request r WHERE r.customer_id = c.id AND r.team = ANY($2)))")
                .execute(Tuple.of(customers.toArray(UUID[]::new),
                        new ArrayList<>(caller.teams()).toArray(String[]::new), caller.seesAllTeams()))
                .map(rows -> {
                    java.util.Set<UUID> seen = new java.util.HashSet<>();
                    rows.forEach(r -> seen.add(r.getUUID(0)));
                    return seen;
                });
    }

    /** Whether the caller may see this customer (not erased, and one of its requests in the caller's teams). */
    public Uni<Boolean> sees(UUID customerId, Caller caller) {
        return customer(customerId, caller).replaceWith(true).onFailure(ProblemException.class).recoverWithItem(false);
    }

    /** 404 for a customer the caller may not see, 410 for an erased one. */
    public Uni<Void> customer(UUID customerId, Caller caller) {
        return db.preparedQuery("SELECT status, $3 OR EXISTS (SELECT 1 FROM request WHERE customer_id = $1"
                + " AND team = ANY($2)) FROM customer WHERE id = $1")
                .execute(Tuple.of(customerId, new ArrayList<>(caller.teams()).toArray(String[]::new),
                        caller.seesAllTeams()))
                .map(rows -> {
                    if (rows.size() == 0 || !rows.iterator().next().getBoolean(1)) {
                        throw ProblemException.notFound("Customer");
                    }
                    if ("ERASED".equals(rows.iterator().next().getString(0))) {
                        throw gone();
                    }
                    return null;
                });
    }

    private static ProblemException gone() {
        return new ProblemException(410, "erased", "This customer's data was erased");
    }
}
