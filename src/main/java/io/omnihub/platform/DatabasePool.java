package io.omnihub.platform;

import java.util.concurrent.TimeUnit;

import jakarta.inject.Singleton;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgPool;
import io.vertx.sqlclient.Pool;

/**
 * The connection pool Hibernate Reactive and the SQL statements share, as Quarkus configures it, except for how long a
 * caller waits for a free connection: {@code omnihub.db.connection-wait} (1 s) instead of Vert.x's 30 s. When every
 * connection stays busy that long, Omnihub has more work than PostgreSQL serves, and the request is answered 503 with
 * {@code Retry-After} ({@link Outages#atCapacity}) instead of queueing behind the others while its client gives up.
 */
@Singleton
public class DatabasePool implements PgPoolCreator {

    private final ConnectionConfig.Db config;

    public DatabasePool(ConnectionConfig.Db config) {
        this.config = config;
    }

    @Override
    public Pool create(Input input) {
        return PgPool.pool(input.vertx(), input.pgConnectOptionsList(), input.poolOptions()
                .setConnectionTimeout((int) config.connectionWait().toMillis())
                .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS));
    }
}
