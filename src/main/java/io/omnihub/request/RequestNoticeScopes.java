package io.omnihub.request;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.platform.NoticeScopes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The teams live notices go to, read from requests with the Vert.x client (one statement for a relay batch's notices,
 * outside any transaction: a notice is sent after its change committed).
 */
@ApplicationScoped
class RequestNoticeScopes implements NoticeScopes {

    private final Pool db;

    RequestNoticeScopes(Pool db) {
        this.db = db;
    }

    @Override
    public Uni<Map<UUID, Scope>> ofRequests(Set<UUID> requestIds) {
        return scopes("SELECT id, customer_id, ARRAY[team] FROM request WHERE id = ANY($1)", requestIds);
    }

    @Override
    public Uni<Map<UUID, Scope>> ofCustomers(Set<UUID> customerIds) {
        return scopes("SELECT customer_id, customer_id, array_agg(DISTINCT team) FROM request"
                + " WHERE customer_id = ANY($1) GROUP BY customer_id", customerIds);
    }

    /** Runs {@code sql}, whose rows are (key, customer, teams), for these keys. */
    private Uni<Map<UUID, Scope>> scopes(String sql, Set<UUID> keys) {
        return db.preparedQuery(sql).execute(Tuple.of(keys.toArray(UUID[]::new))).map(rows -> {
            Map<UUID, Scope> found = new HashMap<>();
            rows.forEach(row -> found.put(row.getUUID(0), scope(row)));
            return found;
        });
    }

    private static Scope scope(Row row) {
        return new Scope(row.getUUID(1), List.of(row.getArrayOfStrings(2)));
    }
}
