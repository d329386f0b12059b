package io.omnihub.local;

import java.nio.file.Files;
import java.nio.file.Path;
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
        Path app = Path.of(args.length > 0 ? args[0] : "target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(app)) {
            System.err.println("No packaged application at " + app + "; run ./mvnw -Prun, which packages it first.");
            System.exit(2);
        }
        Set<String> missing = new LinkedHashSet<>();
        if (isUnset(LocalInfrastructure.DB_URL)) {
            missing.add("postgres");
        }
        if (isUnset(LocalInfrastructure.REDIS_URL)) {
            missing.add("redis");
        }
        if (isUnset(LocalInfrastructure.KAFKA_BOOTSTRAP)) {
            missing.add("kafka");
        }
        if (missing.contains("postgres") && isUnset(LocalInfrastructure.MASTER_KEYSET)) {
            missing.add("keys");
        }
        if (isUnset(LocalInfrastructure.JWT_PUBLIC_KEY) && isUnset("mp.jwt.verify.publickey.location")) {
            missing.add("issuer"); // the local token issuer, for the demo
        }
        System.out.println("[omnihub-run] starting locally: " + (missing.isEmpty() ? "nothing" : missing));
        Map<String, String> config = LocalInfrastructure.provide(missing);

        List<String> command = new ArrayList<>(List.of(javaExecutable(),
                "-Xmx" + System.getenv().getOrDefault("OMNIHUB_HEAP", "512m"), "-jar", app.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        config.forEach((key, value) -> builder.environment().put(envName(key), value));
        if (missing.contains("issuer")) {
            builder.environment().put("OMNIHUB_SECURITY_LOCAL_ISSUER_ENABLED", "true");
        }
        Process omnihub = builder.start();
        LocalInfrastructure.onStop(() -> stop(omnihub));
        int exit = omnihub.waitFor();
        System.exit(exit);
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
