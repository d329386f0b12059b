package io.omnihub.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Omnihub replica: the packaged application ({@code quarkus-run.jar}, profile {@code local}: production's settings on
 * 127.0.0.1, 512 MiB heap) in a
 * process of its own, configured through the environment as {@code io.omnihub.local.LocalRun} does, plus test-only
 * system properties. It can be killed (SIGKILL), terminated (SIGTERM) and started again on the same port; each start
 * writes its own log file.
 */
final class OmnihubProcess {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1)).build();

    private final String name;
    private final Path app;
    private final int port;
    private final Map<String, String> environment;
    private final Map<String, String> properties;
    private final Path logs;
    private final OrphanGuard guard;
    private Process process;
    private Path log;
    private int starts;

    OmnihubProcess(String name, Path app, int port, Map<String, String> environment, Map<String, String> properties,
            Path logs, OrphanGuard guard) {
        this.name = name;
        this.app = app;
        this.port = port;
        this.environment = environment;
        this.properties = properties;
        this.logs = logs;
        this.guard = guard;
    }

    String name() {
        return name;
    }

    URI url() {
        return URI.create("http://localhost:" + port);
    }

    long pid() {
        return process.pid();
    }

    /** Starts the process and waits until {@code /q/health/ready} answers 200. */
    OmnihubProcess start() {
        launch();
        awaitReady();
        return this;
    }

    /** Starts the process without waiting for it: for a caller that watches its first answers itself. */
    OmnihubProcess launchOnly() {
        launch();
        return this;
    }

    /** Starts several replicas at once (they start faster side by side), and waits until each is ready. */
    static void startAll(OmnihubProcess... replicas) {
        for (OmnihubProcess replica : replicas) {
            replica.launch();
        }
        for (OmnihubProcess replica : replicas) {
            replica.awaitReady();
        }
    }

    private void launch() {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m"));
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", app.toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // nothing from the caller's environment may configure it: only what the suite says
        builder.environment().keySet().removeIf(k -> k.startsWith("OMNIHUB_") || k.startsWith("QUARKUS_")
                || k.startsWith("MP_") || k.startsWith("SMALLRYE_") || k.startsWith("KAFKA_"));
        builder.environment().putAll(environment);
        builder.environment().put("OMNIHUB_HTTP_PORT", Integer.toString(port));
        try {
            Files.createDirectories(logs);
            log = logs.resolve(name + "-" + ++starts + ".log");
            process = builder.redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start Omnihub: " + e.getMessage(), e);
        }
        guard.track(name, process.pid(), this::close);
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() {
        Signals.send("KILL", pid());
        awaitExit(Duration.ofSeconds(30));
    }

    /** SIGTERM: a graceful shutdown, as Kubernetes does it. Does not wait. */
    void terminate() {
        Signals.send("TERM", pid());
    }

    /** Waits for the process to end; answers its exit code, or null if it still runs. */
    Integer awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        guard.untrack(name);
        return process.exitValue();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** SIGTERM, then SIGKILL if it has not ended within 20 s. */
    void close() {
        if (!alive()) {
            return;
        }
        terminate();
        if (awaitExit(Duration.ofSeconds(20)) == null) {
            kill();
        }
    }

    /** The log of the current (or last) start. */
    Path log() {
        return log;
    }

    private void awaitReady() {
        long until = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (process.isAlive() && System.nanoTime() < until) {
            try {
                HttpResponse<Void> answer = HTTP.send(HttpRequest.newBuilder(url().resolve("/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            Signals.sleep(200);
        }
        String tail = tail(log(), 30);
        close();
        throw new IllegalStateException("Omnihub " + name + " did not become ready within " + READY_TIMEOUT.toSeconds()
                + " s; its log " + log() + " ends with:\n" + tail);
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
