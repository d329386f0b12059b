package io.omnihub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The CPU PostgreSQL spent during a phase: the postmaster and every process it started (backends, WAL writer,
 * checkpointer…), from {@code /proc}, so only for a server on this machine. A process started during the phase counts
 * from zero; one that ended during it is lost (the pool keeps its connections, so that is rare).
 */
final class PostgresCpu {

    private final long postmaster;
    private final Map<Long, Long> before;

    private PostgresCpu(long postmaster) {
        this.postmaster = postmaster;
        this.before = ticks(postmaster);
    }

    /** Starts counting; null when the server's processes cannot be read here. */
    static PostgresCpu start(References.Database db) {
        try (Connection c = db.connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            long postmaster = parent(rs.getLong(1));
            return postmaster > 0 ? new PostgresCpu(postmaster) : null;
        } catch (SQLException | RuntimeException e) {
            return null;
        }
    }

    /** CPU seconds spent since the start. */
    double seconds() {
        long spent = 0;
        for (Map.Entry<Long, Long> now : ticks(postmaster).entrySet()) {
            spent += now.getValue() - before.getOrDefault(now.getKey(), 0L);
        }
        return spent / ProcessStats.TICKS_PER_SECOND;
    }

    /** The ticks of the postmaster and of each process it started. */
    private static Map<Long, Long> ticks(long postmaster) {
        Map<Long, Long> ticks = new HashMap<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .mapToLong(Long::parseLong).forEach(pid -> {
                        String[] f = ProcessStats.stat(pid);
                        if (f != null && (pid == postmaster || Long.parseLong(f[1]) == postmaster)) {
                            ticks.put(pid, ProcessStats.cpuTicks(f));
                        }
                    });
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list /proc", e);
        }
        return ticks;
    }

    private static long parent(long pid) {
        String[] f = ProcessStats.stat(pid);
        return f == null ? -1 : Long.parseLong(f[1]);
    }
}
