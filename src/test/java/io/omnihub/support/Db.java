package io.omnihub.support;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Direct reads of the real database, for assertions about what is (not) stored. */
public final class Db {

    private Db() {
    }

    public static long count(Pool pool, String sql, Object... params) {
        Row row = pool.preparedQuery(sql).execute(Tuple.from(params)).await().indefinitely().iterator().next();
        return row.getLong(0);
    }
}
