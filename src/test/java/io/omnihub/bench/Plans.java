package io.omnihub.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

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
        ServerLog log;
        try {
            log = ServerLog.start(db, Map.of("auto_explain.log_min_duration", "0", "auto_explain.log_analyze", "on",
                    "auto_explain.log_buffers", "on",
                    "auto_explain.log_parameter_max_length", "0")); // plans, not the values
        } catch (SQLException e) {
            return new Result(null, List.of(), "no superuser or no JSON log on this server: " + e.getMessage());
        }
        List<JsonNode> entries;
        try {
            phase.run();
        } finally {
            try {
                entries = log.stop();
            } catch (SQLException e) {
                progress.say("  could not switch auto_explain off: " + e.getMessage());
                return new Result(null, List.of(), "the log could not be read: " + e.getMessage());
            }
        }
        try {
            Map<String, Plan> slowest = new TreeMap<>();
            Map<String, Integer> seen = new LinkedHashMap<>();
            for (JsonNode entry : entries) {
                Plan plan = parse(entry);
                if (plan != null) {
                    seen.merge(plan.query(), 1, Integer::sum);
                    slowest.merge(plan.query(), plan, (a, b) -> a.ms() >= b.ms() ? a : b);
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
                    long rows = log.rows(m.group(1));
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
            return new Result(null, List.of(), "the plans could not be read: " + e.getMessage());
        }
    }

    /** A plan in a log entry, or null for any other entry (the benchmark's own queries among them). */
    private static Plan parse(JsonNode entry) {
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
        return new Plan(query, Double.parseDouble(d.group(1)), body.substring(end + 1));
    }
}
