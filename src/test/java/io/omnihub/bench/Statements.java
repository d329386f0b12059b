package io.omnihub.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What PostgreSQL ran for Omnihub during a phase, from {@code pg_stat_statements} (the local server preloads it):
 * reset before the phase, read once the relay has drained it, so the relay's work counts. Background jobs (sweeps,
 * health checks) count too: they are Omnihub's cost. The benchmark's own queries are left out.
 */
final class Statements {

    /**
     * Statements per operation, with and without transaction control, and the most frequent ones; {@code analytics}
     * is the analytics consumer's part of {@code all} (one statement per batch, outside a transaction block).
     */
    record PerOperation(long operations, double all, double withoutTransactionControl, double analytics,
            List<String> top) {
    }

    private static final String OWN = "SELECT query, calls FROM pg_stat_statements s"
            + " WHERE s.userid = (SELECT oid FROM pg_roles WHERE rolname = current_user)"
            + " AND s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())"
            + " AND s.query NOT LIKE '%pg_stat_statements%' AND s.query NOT LIKE 'SELECT count(*) FROM outbox%'"
            + " ORDER BY calls DESC";

    private Statements() {
    }

    static void reset(References.Database db) {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("SELECT pg_stat_statements_reset()");
        } catch (SQLException e) {
            throw new IllegalStateException("pg_stat_statements is not available: " + e.getMessage(), e);
        }
    }

    static PerOperation per(References.Database db, long operations) {
        long all = 0;
        long control = 0;
        long analytics = 0;
        List<String> top = new ArrayList<>();
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(OWN)) {
            while (rs.next()) {
                String query = rs.getString(1).strip();
                long calls = rs.getLong(2);
                all += calls;
                if (query.matches("(?i)(BEGIN|COMMIT|ROLLBACK|START TRANSACTION|SAVEPOINT|RELEASE).*")) {
                    control += calls;
                }
                if (query.startsWith("WITH fresh AS (INSERT INTO analytics_seen")) {
                    analytics += calls; // the consumer's batch: one statement, no transaction block
                }
                if (top.size() < 40 && calls * 100 >= operations) { // the whole tail down to 0.01 each
                    top.add(Report.f("%6.2f  %s", operations == 0 ? 0 : (double) calls / operations,
                            query.replaceAll("\\s+", " ").substring(0, Math.min(110, query.length()))));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read pg_stat_statements: " + e.getMessage(), e);
        }
        double n = Math.max(1, operations);
        return new PerOperation(operations, all / n, (all - control) / n, analytics / n, top);
    }
}
