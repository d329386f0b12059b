package io.omnihub.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * What a step cost the servers per intake, and the work PostgreSQL did beside it: Omnihub's and PostgreSQL's CPU,
 * the WAL written with its full-page images (a page's first change after a checkpoint writes the whole page), the
 * checkpoints, and the autovacuum and autoanalyze runs. For comparing a slower step with an earlier one:
 * after a surge, the rate that held before it did not, with nothing failing.
 */
final class StepWork implements AutoCloseable {

    /**
     * Per intake, but the checkpoints and autovacuum runs during the step; NaN or -1 where not measured.
     * {@code omnihubThreads}: Omnihub's CPU milliseconds per intake by kind of thread ({@link ThreadCpu}).
     */
    record Work(double omnihubCpuMs, double postgresCpuMs, double walKb, double fullPageImages, long checkpoints,
            long autovacuums, Map<String, Double> omnihubThreads) {

        /** Omnihub's CPU per intake in the JIT's compiler threads (C1 and C2). */
        double compilerMs() {
            return omnihubThreads.entrySet().stream().filter(e -> e.getKey().contains("CompilerThre"))
                    .mapToDouble(Map.Entry::getValue).sum();
        }
    }

    private final References.Database db;
    private final ProcessStats omnihub;
    private final ThreadCpu threads;
    private final PostgresCpu postgres;
    private final long[] before;

    StepWork(References.Database db, long omnihubPid) {
        this.db = db;
        this.omnihub = new ProcessStats(omnihubPid);
        this.threads = new ThreadCpu(omnihubPid);
        this.postgres = PostgresCpu.start(db);
        this.before = counters(db);
    }

    /** The work since the start, for {@code intakes} answered in the step. */
    Work end(long intakes) {
        long[] after = counters(db);
        double n = Math.max(1, intakes);
        double postgresMs = postgres == null ? Double.NaN : postgres.seconds() * 1000 / n;
        return new Work(omnihub.usage().cpuMsPer(intakes), postgresMs,
                delta(after, 0) / 1024.0 / n, delta(after, 1) / n, (long) delta(after, 2), (long) delta(after, 3),
                threads.msPer(intakes));
    }

    private double delta(long[] after, int i) {
        return before[i] < 0 || after[i] < 0 ? -1 : after[i] - before[i];
    }

    @Override
    public void close() {
        omnihub.close();
    }

    /** WAL bytes, full-page images, checkpoints done, autovacuum and autoanalyze runs; -1 for each not readable. */
    private static long[] counters(References.Database db) {
        long[] counters = { -1, -1, -1, -1 };
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            read(st, "SELECT wal_bytes::bigint, wal_fpi FROM pg_stat_wal", counters, 0);
            // those done from PostgreSQL 18 on; those started (a timed one even when skipped) in 17, and before it
            if (!read(st, "SELECT num_done FROM pg_stat_checkpointer", counters, 2)
                    && !read(st, "SELECT num_timed + num_requested FROM pg_stat_checkpointer", counters, 2)) {
                read(st, "SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter", counters, 2);
            }
            read(st, "SELECT coalesce(sum(autovacuum_count + autoanalyze_count), 0) FROM pg_stat_all_tables", counters,
                    3);
        } catch (SQLException e) {
            // not measured: a server the benchmark cannot reach again
        }
        return counters;
    }

    /** Reads the first row's columns into {@code counters} from {@code at}; false if the query failed. */
    private static boolean read(Statement st, String sql, long[] counters, int at) {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                counters[at + i - 1] = rs.getLong(i);
            }
            return true;
        } catch (SQLException e) {
            return false;
        }
    }
}
