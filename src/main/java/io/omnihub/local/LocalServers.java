package io.omnihub.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.jboss.logging.Logger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import redis.embedded.RedisServer;

/**
 * Starts each local server for {@link LocalInfrastructure}, under its work directory and on a free port, stopped when
 * the JVM exits: PostgreSQL and Redis as server processes, Kafka inside this JVM.
 */
final class LocalServers {

    private static final Logger LOG = Logger.getLogger(LocalServers.class);
    static final String DB_URL = "omnihub.db.url";
    static final String DB_USERNAME = "omnihub.db.username";
    static final String DB_PASSWORD = "omnihub.db.password";
    static final String REDIS_URL = "omnihub.redis.url";
    static final String KAFKA_BOOTSTRAP = "omnihub.kafka.bootstrap-servers";
    /**
     * The production cluster's buffers and checkpoint spacing (k8s/overlays/cluster-services, held equal by
     * {@code LocalServersTest}), so that the benchmark measures the database production runs. Until 7 December it ran
     * initdb's 128 MB of buffers and a checkpoint every 5 minutes or 1 GB of WAL.
     */
    static final Map<String, String> CLUSTER_SETTINGS = Map.of("shared_buffers", "2GB", "max_wal_size", "8GB",
            "checkpoint_timeout", "15min");

    private LocalServers() {
    }

    static Started postgres(Path work) {
        long t0 = System.nanoTime();
        try {
            Path data = Files.createDirectories(work.resolve("postgres"));
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(true)
                    .setPort(freePort())
                    .setServerConfig("max_connections", "200")
                    // the library puts -F (no fsync) on the server's command line first; this setting comes later
                    // and wins, so commits are durable as in production (the benchmark's report names both)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    // statement counts and plans for the benchmark's report (issue 17): loaded at start, the
                    // counts' extension created below; auto_explain logs nothing until the benchmark switches it on
                    .setServerConfig("shared_preload_libraries", "pg_stat_statements,auto_explain")
                    .setServerConfig("logging_collector", "on")
                    .setServerConfig("log_destination", "stderr,jsonlog")
                    .setServerConfig("log_directory", work.resolve("postgres-log").toString())
                    .setPGStartupWait(Duration.ofSeconds(60));
            CLUSTER_SETTINGS.forEach(builder::setServerConfig);
            EmbeddedPostgres pg = builder.start();
            LocalStops.onStop(() -> closeQuietly(pg));
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

    static Started redis(Path work, int port) {
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
            LocalStops.onStop(() -> Watchdog.terminate(pidFile));
            LOG.infof("Local Redis started on port %d in %d ms", port, millisSince(t0));
            return new Started(Map.of(REDIS_URL, "redis://127.0.0.1:" + port), pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the local Redis: " + e.getMessage(), e);
        }
    }

    static Started kafka(Path work) {
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
            LocalStops.onStop(() -> closeQuietly(kafka));
            LOG.infof("Local Kafka started at %s in %d ms", kafka.bootstrapServers(), millisSince(t0));
            return new Started(Map.of(KAFKA_BOOTSTRAP, kafka.bootstrapServers()), null);
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the local Kafka: " + e.getMessage(), e);
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

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a start brought up: its configuration, and the pid file of its process (null: none of its own). */
    record Started(Map<String, String> config, Path pidFile) {
    }
}
