package io.omnihub.platform;

import java.util.function.Function;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.pgclient.PgPool;
import io.vertx.sqlclient.PrepareOptions;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Query;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;

/**
 * The connection pool Hibernate Reactive and the SQL statements share, as Quarkus configures it, except for how
 * callers wait for a connection while all are busy.
 * <ul>
 * <li><b>A bounded queue</b> ({@code omnihub.db.wait-queue}): a caller that finds it full fails at once with
 * Vert.x's {@link ConnectionPoolTooBusyException}, answered 503 {@code at-capacity} with {@code Retry-After}
 * ({@link Outages#atCapacity}). The queue drains at the pool's pace, so its length bounds the wait; before, the
 * excess queued behind the others for Vert.x's 30 s, long after its client had gone.</li>
 * <li><b>No acquisition timer in Vert.x's pool.</b> Vert.x 4.5 hands a queued caller a connection and can still fail
 * it "Timeout" if its timer runs out in between; the connection is then dropped and never returns to the pool
 * (eclipse-vertx/vert.x#6169, fixed in Vert.x 5 only). Under an overload with a 1 s wait, a replica lost all its
 * connections and answered nothing until restarted. The deadline ({@code omnihub.db.connection-wait}) is kept here
 * instead, for every acquisition ({@code getConnection()}): a session's, a transaction's, and a statement's run
 * straight on the pool ({@link PooledStatement}). A connection that comes after it is given back at once. It is a
 * safety net for a pool that stops draining, not a way to shed load.</li>
 * </ul>
 * A limit: a caller that gave up keeps its place in the queue until a connection comes, which it then gives back.
 */
@Singleton
public class DatabasePool implements PgPoolCreator {

    private final ConnectionConfig.Db config;

    public DatabasePool(ConnectionConfig.Db config) {
        this.config = config;
    }

    @Override
    public PgPool create(Input input) {
        PgPool pool = PgPool.pool(input.vertx(), input.pgConnectOptionsList(), input.poolOptions()
                .setConnectionTimeout(0)
                .setMaxWaitQueueSize(config.waitQueue()));
        return new Deadlined(pool, input.vertx(), Math.max(1, config.connectionWait().toMillis()));
    }

    /** Vert.x's pool, whose connections come within a deadline or not at all. */
    private static final class Deadlined implements PgPool {

        private static final Logger LOG = Logger.getLogger(DatabasePool.class);
        private static final Handler<Throwable> BROKEN = e -> LOG.debugf("A pooled connection failed: %s",
                Outages.describe(e));

        private final PgPool pool;
        private final Vertx vertx;
        private final long deadlineMillis;

        Deadlined(PgPool pool, Vertx vertx, long deadlineMillis) {
            this.pool = pool;
            this.vertx = vertx;
            this.deadlineMillis = deadlineMillis;
        }

        @Override
        public Future<SqlConnection> getConnection() {
            Promise<SqlConnection> result = Promise.promise();
            // the timer first: it fires on the caller's context, where Vert.x also completes the acquisition
            long timer = vertx.setTimer(deadlineMillis, id -> result.tryFail(new ConnectionPoolTooBusyException(
                    "No pooled connection came free within " + deadlineMillis + " ms")));
            pool.getConnection().onComplete(ar -> {
                vertx.cancelTimer(timer);
                if (ar.failed()) {
                    result.tryFail(ar.cause());
                    return;
                }
                // a socket's failure also fails the statement on it; without a handler Vert.x prints its stack trace
                SqlConnection connection = ar.result().exceptionHandler(BROKEN);
                if (!result.tryComplete(connection)) {
                    connection.close(); // its caller gave up at the deadline: back to the pool
                }
            });
            return result.future();
        }

        @Override
        public void getConnection(Handler<AsyncResult<SqlConnection>> handler) {
            getConnection().onComplete(handler);
        }

        @Override
        public Query<RowSet<Row>> query(String sql) {
            return PooledStatement.plain(this, sql);
        }

        @Override
        public PreparedQuery<RowSet<Row>> preparedQuery(String sql) {
            return PooledStatement.prepared(this, c -> c.preparedQuery(sql));
        }

        @Override
        public PreparedQuery<RowSet<Row>> preparedQuery(String sql, PrepareOptions options) {
            return PooledStatement.prepared(this, c -> c.preparedQuery(sql, options));
        }

        @Override
        public PgPool connectHandler(Handler<SqlConnection> handler) {
            pool.connectHandler(handler);
            return this;
        }

        @Override
        public PgPool connectionProvider(Function<Context, Future<SqlConnection>> provider) {
            pool.connectionProvider(provider);
            return this;
        }

        @Override
        public int size() {
            return pool.size();
        }

        @Override
        public void close(Handler<AsyncResult<Void>> handler) {
            pool.close(handler);
        }

        @Override
        public Future<Void> close() {
            return pool.close();
        }
    }
}
