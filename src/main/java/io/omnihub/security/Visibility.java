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
        return db.preparedQuery("SELECT team FROM request WHERE id = $1").execute(Tuple.of(requestId))
                .map(rows -> {
                    if (rows.size() == 0 || !caller.sees(rows.iterator().next().getString(0))) {
                        throw ProblemException.notFound("Request");
                    }
                    return null;
                });
    }

    public Uni<Void> customer(UUID customerId, Caller caller) {
        if (caller.seesAllTeams()) {
            return db.preparedQuery("SELECT 1 FROM customer WHERE id = $1").execute(Tuple.of(customerId))
                    .map(rows -> {
                        if (rows.size() == 0) {
                            throw ProblemException.notFound("Customer");
                        }
                        return null;
                    });
        }
        return db.preparedQuery("SELECT 1 FROM request WHERE customer_id = $1 AND team = ANY($2) LIMIT 1")
                .execute(Tuple.of(customerId, new ArrayList<>(caller.teams()).toArray(String[]::new)))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("Customer");
                    }
                    return null;
                });
    }
}
