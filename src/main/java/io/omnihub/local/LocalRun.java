package io.omnihub.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * README command 1: runs the packaged Omnihub (production profile, bounded heap) against PostgreSQL, Redis and
 * Kafka. Services whose URL is set in the environment ({@code OMNIHUB_DB_URL}, {@code OMNIHUB_REDIS_URL},
 * {@code OMNIHUB_KAFKA_BOOTSTRAP_SERVERS}) are used as they are; the others are started locally and stopped
 * again when this process ends (Ctrl-C), after Omnihub itself has stopped.
 * <p>
 * Started through {@code ./mvnw -Prun}, which packages the application first.
 */
public final class LocalRun {

    private LocalRun() {
    }

    public static void main(String[] args) throws Exception {
        Running omnihub = start(Path.of(args.length > 0 ? args[0] : "target/quarkus-app/quarkus-run.jar"), Map.of());
        System.exit(omnihub.process().waitFor());
    }

    /**
     * A started Omnihub: its process, where it listens, the Kafka it uses, and the configuration of the services
     * started for it here ({@code omnihub.db.url}, {@code omnihub.redis.url}, {@code omnihub.crypto.*}, …; empty for
     * a service configured in the environment).
     */
    public record Running(Process process, URI url, String kafka, Map<String, String> services, Duration readyAfter) {
    }

    /**
     * Starts what is missing, then the packaged Omnihub with these extra system properties, and waits until it is
     * ready. A {@code quarkus.http.port} among them is where it listens.
     */
    public static Running start(Path app, Map<String, String> properties) throws Exception {
        return start(app, properties, List.of());
    }

    /**
     * {@link #start(Path, Map)} with more JVM options (the benchmark's GC log, a class-data archive of its own:
     * a path in one is relative to the jar's folder).
     */
    public static Running start(Path app, Map<String, String> properties, List<String> jvmOptions)
            throws Exception {
        if (!Files.isRegularFile(app)) {
            System.err.println("No packaged application at " + app + "; run ./mvnw -Prun, which packages it first.");
            System.exit(2);
        }
        Set<String> missing = new LinkedHashSet<>();
        if (isUnset(LocalServers.DB_URL)) {
            missing.add("postgres");
        }
        if (isUnset(LocalServers.REDIS_URL)) {
            missing.add("redis");
        }
        if (isUnset(LocalServers.KAFKA_BOOTSTRAP)) {
            missing.add("kafka");
        }
        if (missing.contains("postgres") && isUnset(LocalKeys.MASTER_KEYSET)) {
            missing.add("keys");
        }
        if (isUnset(LocalKeys.JWT_PUBLIC_KEY) && isUnset("mp.jwt.verify.publickey.location")) {
            missing.add("issuer"); // the local token issuer, for the demo
        }
        System.out.println("[omnihub-run] starting locally: " + (missing.isEmpty() ? "nothing" : missing));
        Map<String, String> config = LocalInfrastructure.provide(missing);

        List<String> command = new ArrayList<>(List.of(javaExecutable(),
                "-Xmx" + System.getenv().getOrDefault("OMNIHUB_HEAP", "512m")));
        command.addAll(jvmOptions);
        // more options for the packaged JVM, space-separated (a GC to try, say)
        String more = System.getenv().getOrDefault("OMNIHUB_JVM_OPTIONS", "").strip();
        if (!more.isEmpty()) {
            command.addAll(List.of(more.split("\\s+")));
        }
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        // the class-data archive a package with quarkus.package.jar.appcds.enabled leaves beside the jar (the
        // benchmark builds one), unless the options name another archive to use or to write: classes load from it,
        // so start-up is shorter. The JVM takes an archive only when the jar is run from its own folder, as the
        // archive recorded it.
        Path jar = app.toAbsolutePath();
        boolean ownArchive = jvmOptions.stream().anyMatch(o -> o.startsWith("-XX:SharedArchiveFile=")
                || o.startsWith("-XX:ArchiveClassesAtExit="));
        boolean archived = ownArchive || Files.isRegularFile(jar.resolveSibling("app-cds.jsa"));
        if (archived && !ownArchive) {
            command.add("-XX:SharedArchiveFile=app-cds.jsa");
        }
        command.addAll(List.of("-jar", archived ? jar.getFileName().toString() : jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        if (archived) {
            builder.directory(jar.getParent().toFile());
        }
        config.forEach((key, value) -> builder.environment().put(envName(key), value));
        // the profile "local": production's settings on 127.0.0.1, where the local issuer may be enabled
        builder.environment().putIfAbsent("QUARKUS_PROFILE", "local");
        // a local run serves plain HTTP on localhost, where a Secure cookie would never come back
        builder.environment().putIfAbsent("OMNIHUB_CONSOLE_SECURE_COOKIE", "false");
        if (missing.contains("issuer")) {
            builder.environment().put("OMNIHUB_SECURITY_LOCAL_ISSUER_ENABLED", "true");
        }
        long started = System.nanoTime();
        Process omnihub = builder.start();
        LocalStops.onStop(() -> stop(omnihub));
        URI url = URI.create("http://localhost:" + properties.getOrDefault("quarkus.http.port",
                System.getenv().getOrDefault("OMNIHUB_HTTP_PORT", "8080")));
        awaitReady(omnihub, url);
        Duration readyAfter = Duration.ofNanos(System.nanoTime() - started);
        String kafka = System.getenv().getOrDefault("OMNIHUB_KAFKA_BOOTSTRAP_SERVERS",
                config.get(LocalServers.KAFKA_BOOTSTRAP));
        System.out.println("[omnihub-run] Omnihub is ready on " + url + " (health: " + url + "/q/health/ready,"
                + " API: " + url + "/q/swagger-ui); Ctrl-C stops it and its services");
        return new Running(omnihub, url, kafka, Map.copyOf(config), readyAfter);
    }

    private static void awaitReady(Process omnihub, URI url) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long until = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < until && omnihub.isAlive()) {
            try {
                if (http.send(HttpRequest.newBuilder(url.resolve("/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(20); // the benchmark reports the time to ready
        }
        System.err.println("[omnihub-run] Omnihub did not become ready; see its log above");
        System.exit(1);
    }

    private static void stop(Process omnihub) {
        omnihub.destroy();
        try {
            if (!omnihub.waitFor(20, TimeUnit.SECONDS)) {
                omnihub.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean isUnset(String key) {
        String value = System.getenv(envName(key));
        return value == null || value.isBlank();
    }

    /** {@code omnihub.kafka.bootstrap-servers} becomes {@code OMNIHUB_KAFKA_BOOTSTRAP_SERVERS}. */
    static String envName(String key) {
        return key.replaceAll("[.-]", "_").toUpperCase(Locale.ROOT);
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
