package io.omnihub.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The local PostgreSQL's JSON log, through its superuser: settings switched on for a phase ({@code ALTER SYSTEM}, so
 * Omnihub's pooled sessions take them too) and what Omnihub's sessions logged meanwhile. Only where the benchmark
 * started the server: elsewhere there is no superuser without a password, or no JSON log.
 */
final class ServerLog {

    /** The benchmark's own JDBC sessions log as the same user as Omnihub's; they are told apart by this. */
    private static final String JDBC = "PostgreSQL JDBC Driver";

    private final References.Database superuser;
    private final String file;
    private final long from;
    private final Map<String, String> settings;

    private ServerLog(References.Database superuser, String file, long from, Map<String, String> settings) {
        this.superuser = superuser;
        this.file = file;
        this.from = from;
        this.settings = settings;
    }

    /** Switches {@code settings} on and marks the log's end; fails (with why) where that cannot be done. */
    static ServerLog start(References.Database db, Map<String, String> settings) throws SQLException {
        References.Database superuser = db.superuser();
        try (Connection c = superuser.connect(); Statement st = c.createStatement()) {
            String file;
            try (ResultSet rs = st.executeQuery("SELECT pg_current_logfile('jsonlog')")) {
                rs.next();
                file = rs.getString(1);
            }
            if (file == null) {
                throw new SQLException("the server writes no JSON log");
            }
            ServerLog log = new ServerLog(superuser, file, size(st, file), settings);
            for (var s : settings.entrySet()) {
                st.execute("ALTER SYSTEM SET " + s.getKey() + " = " + s.getValue());
            }
            st.execute("SELECT pg_reload_conf()");
            return log;
        }
    }

    /** Switches the settings back and answers what Omnihub's sessions logged since the start, in order. */
    List<JsonNode> stop() throws SQLException {
        try (Connection c = superuser.connect(); Statement st = c.createStatement()) {
            for (String name : settings.keySet()) {
                st.execute("ALTER SYSTEM RESET " + name);
            }
            st.execute("SELECT pg_reload_conf()");
            long to = size(st, file);
            List<JsonNode> entries = new ArrayList<>();
            try (PreparedStatement read = c.prepareStatement("SELECT pg_read_file(?, ?, ?)")) {
                read.setString(1, file);
                read.setLong(2, from);
                read.setLong(3, to - from);
                try (ResultSet rs = read.executeQuery()) {
                    rs.next();
                    ObjectMapper json = new ObjectMapper();
                    for (String line : rs.getString(1).split("\n")) {
                        JsonNode entry = parse(json, line);
                        if (entry != null && "omnihub".equals(entry.path("user").asText())
                                && !JDBC.equals(entry.path("application_name").asText())) {
                            entries.add(entry);
                        }
                    }
                }
            }
            return entries;
        }
    }

    /** Rows of {@code table} as the planner knows them (0 for none). */
    long rows(String table) throws SQLException {
        try (Connection c = superuser.connect();
                PreparedStatement st = c.prepareStatement("SELECT"
                        + " coalesce(sum(reltuples), 0)::bigint FROM pg_class WHERE relname = ? AND relkind IN ('r', 'p')")) {
            st.setString(1, table);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static JsonNode parse(ObjectMapper json, String line) {
        try {
            return json.readTree(line);
        } catch (Exception e) {
            return null; // a line cut at the end of the read
        }
    }

    private static long size(Statement st, String file) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT size FROM pg_stat_file('" + file.replace("'", "''") + "')")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
