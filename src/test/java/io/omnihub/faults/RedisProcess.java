package io.omnihub.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import redis.embedded.RedisServer;

/**
 * A real Redis server in its own process: the binary shipped in embedded-redis, cache only (no persistence), as
 * {@code io.omnihub.local.LocalInfrastructure} starts it. Its pid file gives the pid to pause and resume.
 */
final class RedisProcess {

    private final RedisServer server;
    private final Path pidFile;
    private final int port;

    private RedisProcess(RedisServer server, Path pidFile, int port) {
        this.server = server;
        this.pidFile = pidFile;
        this.port = port;
    }

    static RedisProcess start(Path dir, int port, OrphanGuard guard) throws IOException {
        Files.createDirectories(dir);
        Path pidFile = dir.resolve("redis.pid");
        RedisServer server = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                .setting("save \"\"").setting("appendonly no").setting("dir " + dir).setting("pidfile " + pidFile)
                .build();
        server.start();
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Files.exists(pidFile) && System.nanoTime() < until) {
            Signals.sleep(20);
        }
        RedisProcess redis = new RedisProcess(server, pidFile, port);
        guard.track("redis", redis.pid(), redis::close);
        return redis;
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    long pid() {
        return Signals.readPid(pidFile);
    }

    /** SIGSTOP: connections stay open, nothing answers. */
    void pause() {
        Signals.send("STOP", pid());
    }

    void resume() {
        Signals.send("CONT", pid());
    }

    void close() {
        long pid = pid();
        Signals.send("CONT", pid);
        try {
            server.stop();
        } catch (IOException e) {
            Signals.send("KILL", pid);
        }
        Signals.awaitDead(pid, Duration.ofSeconds(10));
    }
}
