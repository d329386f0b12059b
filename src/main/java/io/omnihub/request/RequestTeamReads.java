package io.omnihub.request;

import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.security.Owners;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Requests' teams for object-level checks, one statement each with the Vert.x client (they run on every read). */
@ApplicationScoped
class RequestTeamReads implements Owners.RequestTeams {

    private final Pool db;

    RequestTeamReads(Pool db) {
        this.db = db;
    }

    @Override
    public Uni<Optional<Owners.RequestScope>> of(UUID requestId) {
        // erasure empties a request's thread reference (RequestErasure)
        return db.preparedQuery("SELECT team, length(origin_thread_enc) = 0 FROM request WHERE id = $1")
                .execute(Tuple.of(requestId))
                .map(rows -> rows.size() == 0 ? Optional.empty()
                        : Optional.of(new Owners.RequestScope(rows.iterator().next().getString(0),
                                rows.iterator().next().getBoolean(1))));
    }

    @Override
    public Uni<Set<UUID>> withRequestsIn(Collection<UUID> customers, Collection<String> teams) {
        return db.preparedQuery("SELECT DISTINCT customer_id FROM request WHERE customer_id = ANY($1)"
                + " AND team = ANY($2)")
                .execute(Tuple.of(customers.toArray(UUID[]::new), teams.toArray(String[]::new)))
                .map(rows -> {
                    Set<UUID> found = new HashSet<>();
                    rows.forEach(r -> found.add(r.getUUID(0)));
                    return found;
                });
    }
}
