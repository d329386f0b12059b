package io.omnihub.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The reference issue 17 asks for: pgbench replaying Omnihub's own statements. A phase of intake traffic runs with
 * every statement logged with its parameters ({@code log_statement = all}); each committed transaction Omnihub's
 * sessions ran then (the intakes', the relay's, the analytics consumer's, background jobs') becomes, with the same
 * parameter values written in as literals, a transaction of a pgbench script, and pgbench runs the scripts at the
 * load generator's concurrency. Its rate in intakes per second (script runs per second times the intakes the phase
 * made, over the scripts) is what Omnihub's statements cost PostgreSQL alone, without Omnihub.
 *
 * <p>
 * The values are the captured ones, not generated ones: every replayed transaction does its work inside a savepoint
 * that is rolled back before the commit, so a key inserted again does not conflict, nothing replayed is ever seen by
 * Omnihub (its relay would publish a replayed outbox row), and the indexes see the same work. The commit still writes
 * and flushes the transaction's WAL (its rolled-back writes were logged), as Omnihub's commit does.
 */
final class Replay {

    /**
     * The replay's rate in intakes per second, and how it was made; NaN with why when it could not be made.
     * {@code capturedPerSecond} is the rate of the phase it captured, with Omnihub doing the work.
     */
    record Result(double intakesPerSecond, double tps, long intakes, int transactions, int scripts, String note,
            double capturedPerSecond) {

        /**
         * Whether it is a reference at all: PostgreSQL alone replaying the statements must at least keep the pace
         * of the phase that made them with Omnihub in front. Slower, it was not the database it had been then (a
         * checkpoint's writes, or the replayed transactions waiting on one another's locks).
         */
        boolean valid() {
            return !Double.isNaN(intakesPerSecond) && intakesPerSecond >= capturedPerSecond;
        }
    }

    /** pgbench takes at most 128 scripts. */
    private static final int MAX_SCRIPTS = 100;
    private static final Pattern EXECUTE = Pattern.compile("(?s)(?:execute [^:]+|statement): (.*)");
    private static final Pattern PARAMETER = Pattern.compile("(?s)\\$(\\d+) = (NULL|'(?:[^']++|'')*+')");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$(\\d+)");
    private static final Pattern UUID_SHAPE = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /**
     * Bytes written as hex, 16 of them or more: a {@code bytea} literal's digits, or a keyed hash or sealed value an
     * insert carries as hex inside text (a new profile's contacts are a JSON set). A UUID's groups are shorter.
     */
    private static final Pattern HEX_BYTES = Pattern.compile("(?<![0-9a-f])(?:[0-9a-f]{2}){16,}(?![0-9a-f])");

    private Replay() {
    }

    /**
     * Captures what {@code phase} (which answers how many intakes it made, the relay's work for them done) runs, then
     * replays it with pgbench for {@code duration} with {@code clients} connections.
     */
    static Result measure(References.Database db, int clients, Duration duration, Path dir, LongSupplier phase)
            throws Exception {
        var pgbench = References.tool("pgbench");
        if (pgbench.isEmpty()) {
            return missing("pgbench is not installed");
        }
        ServerLog log;
        try {
            log = ServerLog.start(db, Map.of("log_statement", "'all'", "log_parameter_max_length", "-1"));
        } catch (SQLException e) {
            return missing("no superuser or no JSON log on this server: " + e.getMessage());
        }
        long intakes;
        List<JsonNode> entries;
        long since = System.currentTimeMillis() - 1_000; // ids made in the phase, whatever the clocks' skew
        long started = System.nanoTime();
        double seconds;
        try {
            intakes = phase.getAsLong();
        } finally {
            seconds = (System.nanoTime() - started) / 1e9;
            entries = log.stop();
        }
        List<String> transactions = transactions(entries, since);
        if (transactions.isEmpty() || intakes == 0) {
            return missing("nothing was captured");
        }
        int scripts = Math.min(MAX_SCRIPTS, transactions.size());
        List<StringBuilder> texts = new ArrayList<>();
        for (int i = 0; i < scripts; i++) {
            texts.add(new StringBuilder());
        }
        for (int i = 0; i < transactions.size(); i++) {
            texts.get(i % scripts).append(transactions.get(i));
        }
        Path folder = Files.createDirectories(dir.resolve("replay"));
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < scripts; i++) {
            files.add(Files.writeString(folder.resolve("transactions-" + i + ".sql"), texts.get(i)));
        }
        String out = References.pgbench(pgbench.get(), db, clients, duration, files);
        Files.writeString(folder.resolve("pgbench.out"), out);
        Matcher tps = References.TPS.matcher(out);
        if (!tps.find() || out.contains("aborted")) {
            return missing("pgbench failed (see replay/pgbench.out): " + firstLines(out));
        }
        double perSecond = Double.parseDouble(tps.group(1));
        return new Result(perSecond * intakes / scripts, perSecond, intakes, transactions.size(), scripts,
                Report.f("%,d transactions of %,d intakes in %d scripts, %d clients", transactions.size(), intakes,
                        scripts, clients),
                intakes / seconds);
    }

    /** A statement as logged: its text with placeholders, and its parameter values as logged (quoted, or NULL). */
    private record Logged(String sql, Map<String, String> values) {
    }

    /**
     * Each committed transaction of the log, per session in its order, as a script's text: the statements with their
     * values written in ({@link #script}), inside a savepoint rolled back before the commit. A statement outside a
     * transaction is one.
     */
    static List<String> transactions(List<JsonNode> entries, long sinceMillis) {
        Map<String, List<Logged>> open = new HashMap<>();
        Set<String> seen = new HashSet<>();
        List<String> done = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(17);
        for (JsonNode entry : entries) {
            Matcher m = EXECUTE.matcher(entry.path("message").asText());
            if (!m.matches()) {
                continue;
            }
            Logged logged = new Logged(m.group(1).strip(), values(entry.path("detail").asText("")));
            String session = entry.path("session_id").asText();
            String word = logged.sql().split("\\s+", 2)[0].toUpperCase(Locale.ROOT).replace(";", "");
            switch (word) {
                case "BEGIN", "START" -> open.put(session, new ArrayList<>());
                case "COMMIT", "END" -> {
                    List<Logged> statements = open.remove(session);
                    if (statements != null && !statements.isEmpty()) {
                        done.add(script(statements, random, sinceMillis, seen));
                    }
                }
                case "ROLLBACK" -> open.remove(session);
                default -> {
                    List<Logged> statements = open.get(session);
                    if (statements != null) {
                        statements.add(logged);
                    } else {
                        done.add(script(List.of(logged), random, sinceMillis, seen));
                    }
                }
            }
        }
        return done;
    }

    /**
     * The transaction's script. The rows it inserted exist now (Omnihub committed them), so the ids it made (its
     * inserts' time-ordered ids made during the phase and not seen in an earlier transaction: rows it refers to keep
     * theirs) and the bytes its inserts wrote (keyed hashes, sealed texts: {@code bytea} literals, or hex inside a
     * text such as a new profile's JSON set of contacts) are fresh values of the same shapes in the replay, the same
     * fresh value wherever the transaction used it again: a UUID keeps its first 48 bits and its version (the time of
     * a time-ordered id, so the index sees inserts where Omnihub's went) with the rest random, and bytes (a contact's
     * keyed hash) are random bytes of their length. Other transactions keep them: the relay's claim, which marks the
     * rows it claims published, finds those outbox rows published already and writes nothing, a little less work than
     * Omnihub's.
     */
    private static String script(List<Logged> statements, SplittableRandom random, long sinceMillis,
            Set<String> seen) {
        Map<String, String> fresh = new HashMap<>();
        Set<String> used = new HashSet<>();
        for (Logged s : statements) {
            boolean insert = s.sql().toUpperCase(Locale.ROOT).matches("(?s)(WITH .*)?INSERT .*");
            for (String value : s.values().values()) {
                Matcher uuid = UUID_SHAPE.matcher(value);
                while (uuid.find()) {
                    used.add(uuid.group());
                    if (insert && !seen.contains(uuid.group()) && madeSince(uuid.group(), sinceMillis)) {
                        fresh.computeIfAbsent(uuid.group(), u -> u.substring(0, 15) + randomHex(random, 3) + "-"
                                + randomHex(random, 4) + "-" + randomHex(random, 12));
                    }
                }
                Matcher hex = HEX_BYTES.matcher(value);
                while (insert && hex.find()) {
                    fresh.computeIfAbsent(hex.group(), h -> randomHex(random, h.length()));
                }
            }
        }
        StringBuilder tx = new StringBuilder("BEGIN;\nSAVEPOINT omnihub_replay;\n");
        for (Logged s : statements) {
            tx.append(literal(s, fresh)).append(";\n");
        }
        seen.addAll(used);
        return tx.append("ROLLBACK TO SAVEPOINT omnihub_replay;\nCOMMIT;\n").toString();
    }

    /** Whether {@code uuid} is a time-ordered id (Omnihub's, version 7) made at {@code sinceMillis} or later. */
    static boolean madeSince(String uuid, long sinceMillis) {
        return uuid.charAt(14) == '7'
                && Long.parseLong(uuid.substring(0, 8) + uuid.substring(9, 13), 16) >= sinceMillis;
    }

    private static Map<String, String> values(String detail) {
        Map<String, String> values = new HashMap<>();
        Matcher p = PARAMETER.matcher(detail);
        while (p.find()) {
            values.put(p.group(1), p.group(2));
        }
        return values;
    }

    /**
     * The statement with its values in place of {@code $n} (fresh ones where {@code fresh} says), each an
     * escape-string literal: a colon is written {@code \x3a}, since pgbench would read {@code :name} in a value (a
     * time, say) as its variable.
     */
    private static String literal(Logged s, Map<String, String> fresh) {
        Matcher m = PLACEHOLDER.matcher(s.sql());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = s.values().get(m.group(1));
            String written;
            if (value == null) {
                written = m.group();
            } else if (value.equals("NULL")) {
                written = "NULL";
            } else {
                Matcher uuid = UUID_SHAPE.matcher(value);
                value = uuid.replaceAll(u -> Matcher.quoteReplacement(fresh.getOrDefault(u.group(), u.group())));
                Matcher hex = HEX_BYTES.matcher(value);
                value = hex.replaceAll(h -> fresh.getOrDefault(h.group(), h.group()));
                written = "E'" + value.substring(1, value.length() - 1).replace("\\", "\\\\").replace(":", "\\x3a")
                        + "'";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(written));
        }
        m.appendTail(out);
        String sql = out.toString().replace('\n', ' ');
        return sql.endsWith(";") ? sql.substring(0, sql.length() - 1) : sql;
    }

    private static String randomHex(SplittableRandom random, int length) {
        StringBuilder hex = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            hex.append(Character.forDigit(random.nextInt(16), 16));
        }
        return hex.toString();
    }

    private static Result missing(String why) {
        return new Result(Double.NaN, Double.NaN, 0, 0, 0, why, Double.NaN);
    }

    private static String firstLines(String out) {
        return out.lines().filter(l -> l.contains("error") || l.contains("ERROR") || l.contains("aborted")).limit(3)
                .reduce((a, b) -> a + " | " + b).orElse(out.strip());
    }
}
