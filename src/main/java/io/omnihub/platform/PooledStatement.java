package io.omnihub.platform;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Collector;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Query;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.SqlResult;
import io.vertx.sqlclient.Tuple;

/**
 * A statement run straight on the pool ({@code query}, {@code preparedQuery}) whose connection comes the way a
 * session's does, through {@link DatabasePool}'s deadline: each execution takes a connection
 * ({@link Pool#withConnection}), runs the statement on it and gives it back, which is what Vert.x's pool does itself.
 * With Vert.x's acquisition timer off, its own way would wait for a connection without end.
 */
class PooledStatement<T> implements Query<T> {

    final Pool pool;
    private final Function<SqlConnection, ? extends Query<T>> statement;

    PooledStatement(Pool pool, Function<SqlConnection, ? extends Query<T>> statement) {
        this.pool = pool;
        this.statement = statement;
    }

    /** A plain statement on {@code pool}. */
    static Query<RowSet<Row>> plain(Pool pool, String sql) {
        return new PooledStatement<>(pool, c -> c.query(sql));
    }

    /** A prepared statement on {@code pool}, as {@code prepare} prepares it on a connection. */
    static PreparedQuery<RowSet<Row>> prepared(Pool pool, Function<SqlConnection, PreparedQuery<RowSet<Row>>> prepare) {
        return new Prepared<>(pool, prepare);
    }

    final <R> Future<R> onConnection(Function<SqlConnection, Future<R>> run) {
        return pool.withConnection(c -> {
            try {
                return run.apply(c);
            } catch (RuntimeException e) { // failed before it ran: the connection still goes back
                return Future.failedFuture(e);
            }
        });
    }

    @Override
    public Future<T> execute() {
        return onConnection(c -> statement.apply(c).execute());
    }

    @Override
    public void execute(Handler<AsyncResult<T>> handler) {
        execute().onComplete(handler);
    }

    @Override
    public <R> Query<SqlResult<R>> collecting(Collector<Row, ?, R> collector) {
        return new PooledStatement<>(pool, c -> statement.apply(c).collecting(collector));
    }

    @Override
    public <U> Query<RowSet<U>> mapping(Function<Row, U> mapper) {
        return new PooledStatement<>(pool, c -> statement.apply(c).mapping(mapper));
    }

    /** The prepared kind, which also takes parameters and batches. */
    private static final class Prepared<T> extends PooledStatement<T> implements PreparedQuery<T> {

        private final Function<SqlConnection, PreparedQuery<T>> statement;

        Prepared(Pool pool, Function<SqlConnection, PreparedQuery<T>> statement) {
            super(pool, statement);
            this.statement = statement;
        }

        @Override
        public Future<T> execute(Tuple tuple) {
            return onConnection(c -> statement.apply(c).execute(tuple));
        }

        @Override
        public void execute(Tuple tuple, Handler<AsyncResult<T>> handler) {
            execute(tuple).onComplete(handler);
        }

        @Override
        public Future<T> executeBatch(List<Tuple> batch) {
            return onConnection(c -> statement.apply(c).executeBatch(batch));
        }

        @Override
        public void executeBatch(List<Tuple> batch, Handler<AsyncResult<T>> handler) {
            executeBatch(batch).onComplete(handler);
        }

        @Override
        public <R> PreparedQuery<SqlResult<R>> collecting(Collector<Row, ?, R> collector) {
            return new Prepared<>(pool, c -> statement.apply(c).collecting(collector));
        }

        @Override
        public <U> PreparedQuery<RowSet<U>> mapping(Function<Row, U> mapper) {
            return new Prepared<>(pool, c -> statement.apply(c).mapping(mapper));
        }
    }
}
