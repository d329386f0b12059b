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

    /** Linux's USER_HZ: the unit of utime and stime. */
    private static final double TICKS_PER_SECOND = 100;

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
        return spent / TICKS_PER_SECOND;
    }

    /** The ticks of the postmaster and of each process it started. */
    private static Map<Long, Long> ticks(long postmaster) {
        Map<Long, Long> ticks = new HashMap<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                String[] f = stat(p);
                if (f != null) {
                    long pid = Long.parseLong(p.getFileName().toString());
                    if (pid == postmaster || Long.parseLong(f[1]) == postmaster) {
                        ticks.put(pid, Long.parseLong(f[11]) + Long.parseLong(f[12]));
                    }
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list /proc", e);
        }
        return ticks;
    }

    private static long parent(long pid) {
        String[] f = stat(Path.of("/proc", Long.toString(pid)));
        return f == null ? -1 : Long.parseLong(f[1]);
    }

    /** The fields of /proc/PID/stat after the command name (state first), or null for a process gone. */
    private static String[] stat(Path proc) {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException e) {
            return null;
        }
    }
}
