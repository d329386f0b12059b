package io.omnihub.request;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.platform.NoticeScopes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The teams a live notice goes to, read from requests with the Vert.x client (one statement, outside any
 * transaction: a notice is sent after its change committed).
 */
@ApplicationScoped
class RequestNoticeScopes implements NoticeScopes {

    private final Pool db;

    RequestNoticeScopes(Pool db) {
        this.db = db;
    }

    @Override
    public Uni<Scope> ofRequest(UUID requestId) {
        return db.preparedQuery("SELECT customer_id, ARRAY[team] FROM request WHERE id = $1")
                .execute(Tuple.of(requestId))
                .map(rows -> rows.size() == 0 ? Scope.NONE : scope(rows.iterator().next()));
    }

    @Override
    public Uni<Scope> ofCustomer(UUID customerId) {
        return db.preparedQuery("SELECT $1::uuid, coalesce(array_agg(DISTINCT team), '{}') FROM request"
                + " WHERE customer_id = $1").execute(Tuple.of(customerId))
                .map(rows -> scope(rows.iterator().next()));
    }

    private static Scope scope(Row row) {
        return new Scope(row.getUUID(0), List.of(row.getArrayOfStrings(1)));
    }
}
