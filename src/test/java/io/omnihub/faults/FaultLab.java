package io.omnihub.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.jboss.logmanager.LogContext;

/**
 * What the scenarios share: PostgreSQL, Redis and Kafka, each in its own process and started once per suite; the
 * secrets every Omnihub replica and restart shares; the Kafka tap; the store checks; the report; and the Omnihub
 * replicas of the scenario running now, which are stopped when it ends. Server data lives in a temporary folder;
 * logs go to {@code <out>/logs}.
 */
final class FaultLab implements AutoCloseable {

    final FaultSettings settings;
    final FaultReport report;
    final Secrets secrets = Secrets.generate();
    final OrphanGuard guard;
    final PostgresServer postgres;
    final RedisProcess redis;
    final KafkaBroker kafka;
    final KafkaTap tap;
    final Store store;
    final Path work;
    final Path logs;
    private final List<OmnihubProcess> replicas = new ArrayList<>();

    private FaultLab(FaultSettings settings, Path work, OrphanGuard guard) throws Exception {
        this.settings = settings;
        this.work = work;
        this.guard = guard;
        this.logs = settings.out().resolve("logs");
        this.report = new FaultReport(settings.out(), settings);
        this.postgres = PostgresServer.start(work.resolve("postgres"), freePort(), logs.resolve("postgres.log"), guard);
        this.redis = RedisProcess.start(work.resolve("redis"), freePort(), guard);
        this.kafka = KafkaBroker.start(work.resolve("kafka"), freePort(), freePort(), logs, guard);
        this.tap = new KafkaTap(kafka.bootstrap());
        this.store = new Store(postgres);
    }

    static FaultLab start(FaultSettings settings) throws Exception {
        for (String quiet : List.of("io.zonky", "org.apache.kafka", "redis.embedded")) {
            LogContext.getLogContext().getLogger(quiet).setLevel(Level.WARNING);
        }
        // under the system temp folder: every parent must be traversable by the servers' users
        Path work = Files.createTempDirectory("omnihub-faults-");
        Files.createDirectories(settings.out());
        OrphanGuard guard = OrphanGuard.start(settings.out().resolve("pids"));
        try {
            return new FaultLab(settings, work, guard);
        } catch (Exception | Error e) {
            guard.stopAll();
            throw e;
        }
    }

    /** A replica (not started yet) on a free port, with these test-only system properties besides the suite's. */
    OmnihubProcess omnihub(String name, Map<String, String> extraProperties) {
        return omnihub(name, extraProperties, postgres);
    }

    /** The same, on another database server (a restored backup). */
    OmnihubProcess omnihub(String name, Map<String, String> extraProperties, PostgresServer database) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("OMNIHUB_DB_URL", database.url());
        environment.put("OMNIHUB_DB_USERNAME", "omnihub");
        environment.put("OMNIHUB_DB_PASSWORD", "omnihub");
        environment.put("OMNIHUB_REDIS_URL", redis.url());
        environment.put("OMNIHUB_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrap());
        environment.put("OMNIHUB_CRYPTO_MASTER_KEYSET", secrets.masterKeyset());
        environment.put("OMNIHUB_CRYPTO_LOOKUP_KEYSET", secrets.lookupKeyset());
        environment.put("MP_JWT_VERIFY_PUBLICKEY", secrets.jwtPublicKey());
        environment.put("SMALLRYE_JWT_SIGN_KEY", secrets.jwtSignKey());
        environment.put("QUARKUS_PROFILE", "local");
        environment.put("OMNIHUB_SECURITY_LOCAL_ISSUER_ENABLED", "true");
        environment.put("OMNIHUB_CONSOLE_SECURE_COOKIE", "false");
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("omnihub.bots.\"" + Secrets.BOT + "\".secrets", secrets.botSecret());
        properties.put("omnihub.intake.sms-accounts.\"" + Secrets.SMS_ACCOUNT + "\".secrets", secrets.smsToken());
        // no limiter in the way of the load: the suite measures faults, not limits (service replies are not
        // frequency-capped)
        properties.put("omnihub.security.rate-limit", "1000000");
        properties.putAll(extraProperties);
        OmnihubProcess replica = new OmnihubProcess("hub-" + name, settings.app(), freePort(), environment,
                properties, logs, guard);
        replicas.add(replica);
        return replica;
    }

    /** A replica started for a scenario, the intake traffic of its adapters, and the replica as the load's target. */
    record Warm(OmnihubProcess hub, IntakeTraffic traffic, List<URI> target) {
    }

    /**
     * Starts one replica for {@code scenario} with these test-only properties, issues its adapters' keys, and warms it
     * up at {@code rate} ({@link WarmUp}; how it went under {@code warmUp} in the figures).
     */
    Warm warmReplica(String scenario, Map<String, String> extraProperties, double rate, Map<String, Object> figures) {
        OmnihubProcess hub = omnihub(scenario, extraProperties).start();
        IntakeTraffic traffic = new IntakeTraffic(scenario, adapterKeys(hub.url(), scenario));
        List<URI> target = List.of(hub.url());
        figures.put("warmUp", WarmUp.run(traffic, target, rate));
        return new Warm(hub, traffic, target);
    }

    /** New adapter keys for the {@code web} and {@code app} channels, issued by an admin for this scenario. */
    Map<String, String> adapterKeys(URI hub, String scenario) {
        String admin = HubCalls.token(hub, "faults-admin", "admin");
        Map<String, String> keys = new LinkedHashMap<>();
        for (String channel : List.of("web", "app")) {
            keys.put(channel, HubCalls.adapterKey(hub, admin, "faults-" + scenario + "-" + channel, channel));
        }
        return keys;
    }

    String operatorToken(URI hub) {
        return HubCalls.token(hub, "faults-operator", "operator");
    }

    /** Whatever the scenario before did, every server runs and answers (resumed, or started again). */
    void ensureServers() throws IOException {
        postgres.ensureRunning();
        redis.resume();
        kafka.ensureRunning();
    }

    /** Stops the replicas of the scenario that just ran. */
    void stopReplicas() {
        replicas.forEach(OmnihubProcess::close);
        replicas.clear();
    }

    @Override
    public void close() {
        stopReplicas();
        tap.close();
        guard.stopAll();
        try (var files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
