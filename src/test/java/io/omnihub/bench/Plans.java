package io.omnihub.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The plans of the statements Omnihub runs, as PostgreSQL ran them ({@code EXPLAIN (ANALYZE, BUFFERS)} of the real
 * executions, by {@code auto_explain}, which the local server preloads): switched on for a phase through the local
 * superuser, read back from the server's JSON log, the slowest execution of each statement kept. A statement that
 * reads a table of more than {@link #LARGE} rows sequentially is named: every hot-path lookup should be an index probe.
 * Not available on a server the benchmark did not start (no superuser, no log): then the report says so.
 */
final class Plans {

    /** A table with more rows than this is never to be read sequentially by a hot path. */
    static final long LARGE = 10_000;

    /**
     * What the phase ran: each statement's slowest plan and how often it was explained; the statements that scanned a
     * large table sequentially ({@code table (rows): statement}); null {@code statements} when not measured, with why.
     */
    record Result(Integer statements, List<String> sequentialScans, String note) {
    }

    private record Plan(String query, double ms, String text) {
    }

    private static final Pattern DURATION = Pattern.compile("(?s)duration: ([0-9.]+) ms\\s+plan:\\s*\\n(.*)");
    /** The plan's first line; a statement Omnihub sends is one line. */
    private static final String QUERY_TEXT = "Query Text: ";
    private static final Pattern SEQ_SCAN = Pattern.compile("Seq Scan on (\\w+)");

    private Plans() {
    }

    /** Runs {@code phase} with every statement's plan logged, and writes {@code plans.md} into {@code dir}. */
    static Result capture(References.Database db, Path dir, Progress progress, Runnable phase) {
        References.Database superuser = new References.Database(db.host(), db.port(), db.database(), "postgres", "");
        String file;
        long from;
        try (Connection c = superuser.connect(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT pg_current_logfile('jsonlog')")) {
                rs.next();
                file = rs.getString(1);
            }
            if (file == null) {
                return new Result(null, List.of(), "the server writes no JSON log");
            }
            from = size(st, file);
            configure(st, true);
        } catch (SQLException e) {
            return new Result(null, List.of(), "no superuser on this server: " + e.getMessage());
        }
        try {
            phase.run();
        } finally {
            try (Connection c = superuser.connect(); Statement st = c.createStatement()) {
                configure(st, false);
            } catch (SQLException e) {
                progress.say("  could not switch auto_explain off: " + e.getMessage());
            }
        }
        try (Connection c = superuser.connect(); Statement st = c.createStatement()) {
            Map<String, Plan> slowest = new TreeMap<>();
            Map<String, Integer> seen = new LinkedHashMap<>();
            long to = size(st, file);
            try (PreparedStatement read = c.prepareStatement("SELECT pg_read_file(?, ?, ?)")) {
                read.setString(1, file);
                read.setLong(2, from);
                read.setLong(3, to - from);
                try (ResultSet rs = read.executeQuery()) {
                    rs.next();
                    ObjectMapper json = new ObjectMapper();
                    for (String line : rs.getString(1).split("\n")) {
                        Plan plan = parse(json, line);
                        if (plan != null) {
                            seen.merge(plan.query(), 1, Integer::sum);
                            slowest.merge(plan.query(), plan, (a, b) -> a.ms() >= b.ms() ? a : b);
                        }
                    }
                }
            }
            List<String> scans = new ArrayList<>();
            StringBuilder md = new StringBuilder("# Plans of Omnihub's statements\n\nThe slowest execution of each"
                    + " statement Omnihub ran in the benchmark's plans phase, as `auto_explain` logged it (ANALYZE,"
                    + " BUFFERS). Tables read sequentially with more than " + LARGE + " rows are named.\n");
            for (Plan plan : slowest.values()) {
                List<String> large = new ArrayList<>();
                Matcher m = SEQ_SCAN.matcher(plan.text());
                while (m.find()) {
                    long rows = rows(c, m.group(1));
                    if (rows > LARGE) {
                        large.add(Report.f("%s (%,d rows)", m.group(1), rows));
                    }
                }
                large.forEach(t -> scans.add(t + ": " + plan.query()));
                md.append(Report.f("%n## %s%n%nExplained %d times; slowest %.2f ms%s.%n%n```%n%s%n```%n",
                        plan.query().replace('\n', ' '), seen.get(plan.query()), plan.ms(),
                        large.isEmpty() ? "" : "; **sequential scan of " + String.join(", ", large) + "**",
                        plan.text().strip()));
            }
            Files.writeString(dir.resolve("plans.md"), md);
            return new Result(slowest.size(), scans, Report.f("%d statements explained", slowest.size()));
        } catch (Exception e) {
            return new Result(null, List.of(), "the log could not be read: " + e.getMessage());
        }
    }

    /** auto_explain on (every statement, with ANALYZE and BUFFERS) or back to its default, for all sessions. */
    private static void configure(Statement st, boolean on) throws SQLException {
        if (on) {
            st.execute("ALTER SYSTEM SET auto_explain.log_min_duration = 0");
            st.execute("ALTER SYSTEM SET auto_explain.log_analyze = on");
            st.execute("ALTER SYSTEM SET auto_explain.log_buffers = on");
            st.execute("ALTER SYSTEM SET auto_explain.log_parameter_max_length = 0"); // plans, not the values
        } else {
            st.execute("ALTER SYSTEM RESET auto_explain.log_parameter_max_length");
            st.execute("ALTER SYSTEM RESET auto_explain.log_min_duration");
            st.execute("ALTER SYSTEM RESET auto_explain.log_analyze");
            st.execute("ALTER SYSTEM RESET auto_explain.log_buffers");
        }
        st.execute("SELECT pg_reload_conf()");
    }

    private static long size(Statement st, String file) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT size FROM pg_stat_file('" + file.replace("'", "''") + "')")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long rows(Connection c, String table) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT coalesce(sum(reltuples), 0)::bigint FROM pg_class"
                + " WHERE relname = ? AND relkind IN ('r', 'p')")) {
            st.setString(1, table);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** A plan Omnihub's user got logged, or null for any other line (the benchmark's own queries among them). */
    private static Plan parse(ObjectMapper json, String line) {
        try {
            JsonNode entry = json.readTree(line);
            if (!"omnihub".equals(entry.path("user").asText())) {
                return null;
            }
            Matcher d = DURATION.matcher(entry.path("message").asText());
            if (!d.matches()) {
                return null;
            }
            String body = d.group(2);
            int end = body.indexOf('\n');
            if (!body.startsWith(QUERY_TEXT) || end < 0) {
                return null;
            }
            String query = body.substring(QUERY_TEXT.length(), end).strip();
            if (query.startsWith("SELECT count(*) FROM outbox") || query.contains("pg_stat_statements")) {
                return null;
            }
            return new Plan(query, Double.parseDouble(d.group(1)), body.substring(end + 1));
        } catch (Exception e) {
            return null;
        }
    }
}
