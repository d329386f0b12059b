package io.omnihub.platform.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.omnihub.local.LocalInfrastructure;
import io.omnihub.platform.ConnectionConfig;
import io.vertx.core.net.NetServer;
import io.vertx.mutiny.core.Vertx;

/**
 * The database probe against the real local PostgreSQL, reached through a proxy that holds each new connection
 * back, as a cold process's first connection on a busy machine is: slow to answer is not down.
 */
class DatabaseProbeTest {

    private final Vertx vertx = Vertx.vertx();
    private DatabaseProbe probe;

    @AfterEach
    void stop() {
        if (probe != null) {
            probe.stop(null);
        }
        vertx.closeAndAwait();
    }

    @Test
    void aReplicaIsNotReadyBeforeTheDatabaseAnsweredAndASlowFirstConnectionIsNoOutage() {
        Map<String, String> db = LocalInfrastructure.provide(Set.of("postgres"));
        URI url = URI.create(db.get("omnihub.db.url"));
        NetServer proxy = delayingProxy(url.getPort(), Duration.ofMillis(2000));
        probe = start(url.getScheme() + "://127.0.0.1:" + proxy.actualPort() + url.getPath(), db);

        assertThat(probe.answering()).as("ready before PostgreSQL ever answered").isFalse();
        long until = System.nanoTime() + Duration.ofMillis(1700).toNanos();
        while (System.nanoTime() < until) {
            assertThat(probe.silentFor(Duration.ofSeconds(1))).as("a connection still being made is an outage")
                    .isFalse();
            pause(50);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(probe::answering);
        assertThat(probe.silentFor(Duration.ofSeconds(1))).isFalse();
    }

    @Test
    void aDatabaseThatNeverAnsweredIsSilentASecondAfterItFirstFailed() throws Exception {
        int closed;
        try (var socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        probe = start("postgresql://127.0.0.1:" + closed + "/omnihub", Map.of());

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> probe.silentFor(Duration.ofSeconds(1)));
        assertThat(probe.answering()).isFalse();
        assertThat(probe.state().lastFailure()).isNotBlank();
    }

    private DatabaseProbe start(String url, Map<String, String> db) {
        ConnectionConfig.Db config = new ConnectionConfig.Db() {
            public String url() {
                return url;
            }

            public String username() {
                return db.getOrDefault("omnihub.db.username", "omnihub");
            }

            public String password() {
                return db.getOrDefault("omnihub.db.password", "omnihub");
            }

            public Duration outageDeadline() {
                return Duration.ofMillis(1500);
            }

            public int waitQueue() {
                return 200;
            }

            public Duration connectionWait() {
                return Duration.ofSeconds(10);
            }
        };
        DatabaseProbe started = new DatabaseProbe(vertx, config, Clock.systemUTC(), new SimpleMeterRegistry());
        started.start(null);
        return started;
    }

    /** Accepts at once, and connects on to PostgreSQL only after {@code delay}. */
    private NetServer delayingProxy(int port, Duration delay) {
        io.vertx.core.Vertx core = vertx.getDelegate();
        var client = core.createNetClient();
        return core.createNetServer().connectHandler(in -> {
            in.pause();
            core.setTimer(delay.toMillis(), t -> client.connect(port, "127.0.0.1").onSuccess(out -> {
                in.pipeTo(out);
                out.pipeTo(in);
            }).onFailure(e -> in.close()));
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
