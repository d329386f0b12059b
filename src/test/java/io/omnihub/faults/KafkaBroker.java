package io.omnihub.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real Kafka broker (KRaft, broker and controller in one) in a child JVM of its own, run from the Kafka jars on the
 * test class path, on fixed ports and one data directory, so that it can be paused, killed and started again as the
 * same broker. Every replication factor and minimum ISR is 1; topics are created on first use with 4 partitions.
 * Its WARN log goes to {@code logs/kafka.log}, its console to {@code logs/kafka-<n>.out}.
 */
final class KafkaBroker {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Path dir;
    private final Path logs;
    private final int port;
    private final OrphanGuard guard;
    private Process process;
    private int starts;

    private KafkaBroker(Path dir, Path logs, int port, OrphanGuard guard) {
        this.dir = dir;
        this.logs = logs;
        this.port = port;
        this.guard = guard;
    }

    static KafkaBroker start(Path dir, int port, int controllerPort, Path logs, OrphanGuard guard) throws Exception {
        Files.createDirectories(dir);
        Files.createDirectories(logs);
        String listeners = "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort;
        Files.writeString(dir.resolve("server.properties"), String.join("\n",
                "process.roles=broker,controller", "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=" + listeners, "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER", "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"), "num.partitions=4", "auto.create.topics.enable=true",
                "default.replication.factor=1", "min.insync.replicas=1", "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1", "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0", ""));
        KafkaBroker broker = new KafkaBroker(dir, logs, port, guard);
        String clusterId = Uuid.randomUuid().toString(); // never starts with '-', which the tool would take for an option
        Process format = broker.java("kafka.tools.StorageTool", "format", "-t", clusterId, "-c",
                dir.resolve("server.properties").toString()).start();
        if (!format.waitFor(120, TimeUnit.SECONDS) || format.exitValue() != 0) {
            throw new IllegalStateException("Kafka storage format failed; see " + logs.resolve("kafka-0.out"));
        }
        broker.restart();
        return broker;
    }

    String bootstrap() {
        return "127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    void pause() {
        Signals.send("STOP", pid());
    }

    void resume() {
        Signals.send("CONT", pid());
    }

    /** SIGKILL: the broker dies without a clean shutdown. */
    void kill() {
        Signals.send("KILL", pid());
        Signals.awaitDead(pid(), Duration.ofSeconds(30));
        guard.untrack("kafka");
    }

    /** Starts the broker (again) on its data directory and waits until it serves metadata. */
    void restart() throws IOException {
        process = java("kafka.Kafka", dir.resolve("server.properties").toString()).start();
        guard.track("kafka", process.pid(), this::close);
        long until = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000))) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (!process.isAlive() || System.nanoTime() > until) {
                        throw new IllegalStateException("Kafka did not start; see " + logs, e);
                    }
                }
                Signals.sleep(200);
            }
        }
    }

    /** Whatever a scenario did, the broker runs afterwards. */
    void ensureRunning() throws IOException {
        if (process == null || !process.isAlive()) {
            restart();
        } else {
            resume();
        }
    }

    void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        Signals.send("CONT", pid());
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        guard.untrack("kafka");
    }

    /** A JVM running a Kafka main class through {@link KafkaMain}, which sends its WARN log to {@code kafka.log}. */
    private ProcessBuilder java(String main, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", KafkaMain.class.getName(),
                logs.resolve("kafka.log").toAbsolutePath().toString(), main));
        command.addAll(List.of(args));
        Path out = logs.resolve("kafka-" + starts++ + ".out");
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
    }
}
