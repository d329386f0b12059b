package io.omnihub.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The physical references, measured against the very servers Omnihub uses in the same run: pgbench with Omnihub's
 * durable intake transaction, redis-benchmark GET and SET. A tool that is not installed is reported as not
 * available, with the package that brings it.
 */
final class References {

    /** One reference figure; latencies in milliseconds. */
    record Reference(String name, boolean available, double perSecond, double p50, double p99, String note) {

        static Reference missing(String name, String note) {
            return new Reference(name, false, Double.NaN, Double.NaN, Double.NaN, note);
        }
    }

    /** How to reach the PostgreSQL Omnihub uses. */
    record Database(String host, int port, String database, String user, String password) {

        static Database of(String url, String user, String password) {
            Matcher m = Pattern.compile("postgresql://([^:/]+):?(\\d*)/([^?]+).*").matcher(url);
            if (!m.matches()) {
                throw new IllegalArgumentException("Not a postgresql:// URL: " + url);
            }
            return new Database(m.group(1), m.group(2).isEmpty() ? 5432 : Integer.parseInt(m.group(2)), m.group(3),
                    user, password);
        }

        /** The same server and database as its superuser: only the local server the benchmark started has one. */
        Database superuser() {
            return new Database(host, port, database, "postgres", "");
        }

        Connection connect() throws SQLException {
            Properties props = new Properties();
            props.put("user", user);
            props.put("password", password);
            return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, props);
        }
    }

    /** The transaction Omnihub's intake commits, reduced to its writes: a request row and an outbox row. */
    static final String PGBENCH_SCRIPT = """
            BEGIN;
            INSERT INTO bench.request (id, channel, idempotency_key, payload) VALUES (gen_random_uuid(), 'web', gen_random_uuid()::text, '{"thread": "web-thread-1234", "text": "Hello, my order has not arrived yet and the tracking page shows no update since Monday. Could you check where it is and when it will be delivered? Thank you.", "customer": {"phone": "+79161234567", "email": "customer1234@bench.example.org"}}');
            INSERT INTO bench.outbox (id, aggregate_id, topic, type, payload) VALUES (gen_random_uuid(), gen_random_uuid(), 'omnihub.events', 'request.created', '{"requestId": "0192f0c4-7b1e-7c3a-9d2e-4f5a6b7c8d9e", "channel": "web"}');
            END;
            """;

    static final String PGBENCH_TABLES = """
            CREATE SCHEMA IF NOT EXISTS bench;
            DROP TABLE IF EXISTS bench.request, bench.outbox;
            CREATE TABLE bench.request (id uuid PRIMARY KEY, channel text NOT NULL, idempotency_key text NOT NULL,
                payload jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now(),
                UNIQUE (channel, idempotency_key));
            CREATE TABLE bench.outbox (id uuid PRIMARY KEY, aggregate_id uuid NOT NULL, topic text NOT NULL,
                type text NOT NULL, payload jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now(),
                published_at timestamptz);
            """;

    static final Pattern TPS = Pattern.compile("tps = ([0-9.]+)");

    private References() {
    }

    /** pgbench, {@code clients} connections, {@code synchronous_commit=on}, in scratch tables of the same database. */
    static Reference pgbench(Database db, int clients, Duration duration, Path work) throws Exception {
        Optional<Path> pgbench = tool("pgbench");
        if (pgbench.isEmpty()) {
            return Reference.missing("pgbench", "pgbench is not installed (Debian: apt-get install postgresql-15)");
        }
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(PGBENCH_TABLES);
        }
        Path script = work.resolve("pgbench-intake.sql");
        Files.writeString(script, PGBENCH_SCRIPT);
        String out = pgbench(pgbench.get(), db, clients, duration, List.of(script));
        Matcher tps = TPS.matcher(out);
        Matcher latency = Pattern.compile("latency average = ([0-9.]+) ms").matcher(out);
        if (!tps.find()) {
            return Reference.missing("pgbench", "pgbench did not report tps: " + out.strip());
        }
        return new Reference("pgbench", true, Double.parseDouble(tps.group(1)), Double.NaN, Double.NaN,
                clients + " clients, synchronous_commit=on, latency average "
                        + (latency.find() ? latency.group(1) + " ms" : "not reported"));
    }

    /**
     * pgbench's output for {@code scripts}, equally weighted, prepared statements, {@code clients} connections for
     * {@code duration}, {@code synchronous_commit=on}; its rate matches {@link #TPS}.
     */
    static String pgbench(Path pgbench, Database db, int clients, Duration duration, List<Path> scripts)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(pgbench.toString(), "-n", "-M", "prepared", "-c",
                Integer.toString(clients), "-j", "2", "-T", Long.toString(Math.max(1, duration.toSeconds()))));
        scripts.forEach(s -> command.addAll(List.of("-f", s.toString())));
        command.addAll(List.of("-h", db.host(), "-p", Integer.toString(db.port()), "-U", db.user(), db.database()));
        return exec(command, Map.of("PGPASSWORD", db.password(), "PGOPTIONS", "-c synchronous_commit=on"));
    }

    /** redis-benchmark GET and SET with {@code clients} connections. */
    static List<Reference> redis(String redisUrl, int clients, int requests) throws Exception {
        Optional<Path> tool = tool("redis-benchmark");
        if (tool.isEmpty()) {
            String note = "redis-benchmark is not installed (Debian: apt-get install redis-tools)";
            return List.of(Reference.missing("redis SET", note), Reference.missing("redis GET", note));
        }
        Matcher url = Pattern.compile("redis://(?::([^@]*)@)?([^:/]+):?(\\d*).*").matcher(redisUrl);
        if (!url.matches()) {
            throw new IllegalArgumentException("Not a redis:// URL");
        }
        List<String> command = new ArrayList<>(List.of(tool.get().toString(), "-h", url.group(2), "-p",
                url.group(3).isEmpty() ? "6379" : url.group(3), "-t", "set,get", "-n", Integer.toString(requests),
                "-c", Integer.toString(clients), "-d", "64", "--csv"));
        if (url.group(1) != null) {
            command.addAll(List.of("-a", url.group(1)));
        }
        String out = exec(command, Map.of());
        List<Reference> found = new ArrayList<>();
        List<String> header = null;
        for (String line : out.split("\\R")) {
            List<String> cells = Arrays.stream(line.split(",")).map(c -> c.replace("\"", "").strip()).toList();
            if (cells.get(0).equals("test")) {
                header = cells;
            } else if (header != null && (cells.get(0).equals("SET") || cells.get(0).equals("GET"))) {
                found.add(new Reference("redis " + cells.get(0), true, Double.parseDouble(cells.get(1)),
                        cell(header, cells, "p50_latency_ms"), cell(header, cells, "p99_latency_ms"),
                        clients + " clients, 64-byte values"));
            }
        }
        return found.isEmpty() ? List.of(Reference.missing("redis", "redis-benchmark printed no result: " + out.strip()))
                : found;
    }

    private static double cell(List<String> header, List<String> cells, String column) {
        int i = header.indexOf(column);
        return i < 0 || i >= cells.size() ? Double.NaN : Double.parseDouble(cells.get(i));
    }

    /** A program on the PATH, or pgbench where Debian keeps it. */
    static Optional<Path> tool(String name) {
        List<Path> candidates = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            candidates.add(Path.of(dir, name));
        }
        candidates.add(Path.of("/usr/lib/postgresql/17/bin", name));
        candidates.add(Path.of("/usr/lib/postgresql/15/bin", name));
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    private static String exec(List<String> command, Map<String, String> env) throws IOException,
            InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
