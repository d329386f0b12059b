package io.omnihub.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Future;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.flywaydb.core.Flyway;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Direct reads of the real database, for assertions about what is (not) stored. */
public final class Db {

    private Db() {
    }

    public static long count(Pool pool, String sql, Object... params) {
        return row(pool, sql, params).getLong(0);
    }

    /** How many times the server ran the statements whose text matches {@code where} ({@code pg_stat_statements}). */
    public static long calls(Pool pool, String where) {
        return count(pool, "SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements WHERE " + where);
    }

    /**
     * Waits up to ten seconds, or until {@code done}, for a statement whose text is like {@code queryLike} to wait for
     * a lock on the server; answers how many do.
     */
    public static long lockWaits(Pool pool, String queryLike, Future<?> done) throws InterruptedException {
        long waiting = 0;
        for (int i = 0; i < 200 && waiting == 0 && !done.isDone(); i++) {
            Thread.sleep(50);
            waiting = count(pool, "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    + " AND query LIKE $1", queryLike);
        }
        return waiting;
    }

    /** The one row this statement answers. */
    public static Row row(Pool pool, String sql, Object... params) {
        return pool.preparedQuery(sql).execute(Tuple.from(params)).await().indefinitely().iterator().next();
    }

    /** A JDBC connection to the application's database, for a migration test's own schema. */
    public static Connection jdbc() throws SQLException {
        Config config = ConfigProvider.getConfig();
        return DriverManager.getConnection(url(config), config.getValue("omnihub.db.username", String.class),
                config.getValue("omnihub.db.password", String.class));
    }

    /** The plan PostgreSQL answers to this {@code EXPLAIN …}, one line of it a line. */
    public static String plan(Statement statement, String explain) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (ResultSet rs = statement.executeQuery(explain)) {
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }

    /**
     * The plans of a prepared statement's run ({@code explain}: an {@code EXPLAIN …} of its {@code EXECUTE}) as it is
     * first planned and again after six runs: after five, PostgreSQL may switch it to a generic plan, made without its
     * parameters.
     */
    public static String[] firstAndAfterSixRuns(Statement statement, String explain) throws SQLException {
        String first = plan(statement, explain);
        for (int run = 0; run < 6; run++) {
            statement.execute(explain.substring(explain.indexOf("EXECUTE")));
        }
        return new String[] { first, plan(statement, explain) };
    }

    /**
     * A migration test's store: {@code schema} made anew and migrated up to {@code version}, and {@code statement}'s
     * session set to it.
     */
    public static void freshSchema(Statement statement, String schema, String version) throws SQLException {
        statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        migrate(schema, version);
        statement.execute("SET search_path TO " + schema);
    }

    /** Migrates this schema of the application's database up to {@code target} (a version, or "latest"). */
    public static void migrate(String schema, String target) {
        Config config = ConfigProvider.getConfig();
        Flyway.configure().dataSource(url(config), config.getValue("omnihub.db.username", String.class),
                config.getValue("omnihub.db.password", String.class)).schemas(schema)
                .locations("classpath:db/migration").target(target).load().migrate();
    }

    private static String url(Config config) {
        return "jdbc:" + config.getValue("omnihub.db.url", String.class);
    }
}
