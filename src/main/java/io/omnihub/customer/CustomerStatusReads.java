package io.omnihub.customer;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.security.Owners;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Customers' statuses for object-level checks, in one statement with the Vert.x client (they run on every read). */
@ApplicationScoped
class CustomerStatusReads implements Owners.CustomerStatuses {

    private final Pool db;

    CustomerStatusReads(Pool db) {
        this.db = db;
    }

    @Override
    public Uni<Map<UUID, String>> of(Collection<UUID> customers) {
        return db.preparedQuery("SELECT id, status FROM customer WHERE id = ANY($1)")
                .execute(Tuple.of(customers.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, String> found = new HashMap<>();
                    rows.forEach(r -> found.put(r.getUUID(0), r.getString(1)));
                    return found;
                });
    }
}
