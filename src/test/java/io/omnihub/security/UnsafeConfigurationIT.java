package io.omnihub.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.omnihub.local.LocalInfrastructure;

/**
 * The packaged application refuses to start with an unsafe production configuration, and says which setting: the
 * local token issuer in the profile {@code prod}, the issuer while HTTP listens beyond loopback, SMS accounts without
 * a public https base URL. The same configuration made safe starts and becomes ready, so each refusal is the
 * setting's doing. Real PostgreSQL, Redis and Kafka, started here as for a local run.
 */
class UnsafeConfigurationIT {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final String SMS_ACCOUNT = "omnihub.intake.sms-accounts.\"ACprod\".secrets";
    private static Map<String, String> services;

    @BeforeAll
    static void services() {
        services = LocalInfrastructure.provide(Set.of("postgres", "redis", "kafka", "keys", "issuer"));
    }

    @Test
    void theLocalIssuerIsRefusedInProduction() throws Exception {
        Started run = start(Map.of("quarkus.profile", "prod", "omnihub.security.local-issuer-enabled", "true"));
        assertThat(run.ready()).as(run.log()).isFalse();
        assertThat(run.log()).contains("Unsafe configuration, refusing to start: OMNIHUB_SECURITY_LOCAL_ISSUER_ENABLED");
    }

    @Test
    void theLocalIssuerIsRefusedBeyondLoopback() throws Exception {
        Started run = start(Map.of("quarkus.profile", "local", "omnihub.security.local-issuer-enabled", "true",
                "quarkus.http.host", "0.0.0.0"));
        assertThat(run.ready()).as(run.log()).isFalse();
        assertThat(run.log()).contains("Unsafe configuration, refusing to start: QUARKUS_HTTP_HOST");
    }

    @Test
    void smsAccountsWithoutPublicBaseUrlAreRefusedInProduction() throws Exception {
        Started missing = start(Map.of("quarkus.profile", "prod", SMS_ACCOUNT, "prod-sms-token"));
        assertThat(missing.ready()).as(missing.log()).isFalse();
        assertThat(missing.log()).contains("Unsafe configuration, refusing to start: OMNIHUB_INTAKE_PUBLIC_BASE_URL");

        Started plain = start(Map.of("quarkus.profile", "prod", SMS_ACCOUNT, "prod-sms-token",
                "omnihub.intake.public-base-url", "http://hub.example.com"));
        assertThat(plain.ready()).as(plain.log()).isFalse();
        assertThat(plain.log()).contains("OMNIHUB_INTAKE_PUBLIC_BASE_URL must be an https URL");
    }

    @Test
    void theSameConfigurationMadeSafeStarts() throws Exception {
        Started production = start(Map.of("quarkus.profile", "prod", SMS_ACCOUNT, "prod-sms-token",
                "omnihub.intake.public-base-url", "https://hub.example.com"));
        assertThat(production.ready()).as(production.log()).isTrue();
        assertThat(production.log()).doesNotContain("Unsafe configuration");

        // the local run's profile: the issuer is allowed, and HTTP listens on 127.0.0.1 only
        Started local = start(Map.of("quarkus.profile", "local", "omnihub.security.local-issuer-enabled", "true"));
        assertThat(local.ready()).as(local.log()).isTrue();
        assertThat(local.log()).containsPattern("Listening on: http://127\\.0\\.0\\.1:\\d+");
    }

    private record Started(boolean ready, String log) {
    }

    /** Starts the packaged application with these properties; answers whether it became ready, and its log. */
    private static Started start(Map<String, String> extra) throws Exception {
        Path app = Path.of(System.getProperty("omnihub.app", "target/quarkus-app/quarkus-run.jar"));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Map<String, String> properties = new LinkedHashMap<>(services);
        properties.put("quarkus.http.port", String.valueOf(port));
        properties.put("omnihub.console.secure-cookie", "false");
        properties.putAll(extra);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx384m"));
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", app.toAbsolutePath().toString()));
        Path log = Files.createTempFile("omnihub-unsafe", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            boolean ready = awaitReady(process, URI.create("http://127.0.0.1:" + port + "/q/health/ready"));
            // readiness can answer a moment before the start-up line with the address is written
            for (int i = 0; ready && i < 50 && !Files.readString(log).contains("Listening on"); i++) {
                Thread.sleep(100);
            }
            return new Started(ready, Files.readString(log));
        } finally {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            Files.deleteIfExists(log);
        }
    }

    /** Ready (200), or false once the process has ended: a refusal ends it. */
    private static boolean awaitReady(Process process, URI ready) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long until = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < until) {
            if (!process.isAlive()) {
                return false;
            }
            try {
                if (http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("neither ready nor ended within " + START_TIMEOUT);
    }
}
