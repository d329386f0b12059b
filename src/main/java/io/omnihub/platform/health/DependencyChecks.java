package io.omnihub.platform.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.omnihub.platform.RedisGuard;
import io.smallrye.health.api.Wellness;

/**
 * Health as DESIGN.md wants it. Readiness is PostgreSQL only: what this replica cannot serve without. Redis and
 * Kafka, which every replica shares, are reported in the wellness group ({@code /q/health/well}, and in
 * {@code /q/health}), never in readiness, so one blip never takes the whole fleet out of the Service. Every check
 * reads the state a background probe keeps, so each answers at once, whatever a server does. Liveness has no check
 * of ours: it depends on nothing outside the process.
 */
public final class DependencyChecks {

    private DependencyChecks() {
    }

    private static HealthCheckResponse response(String name, ProbeState state) {
        return HealthCheckResponse.named(name).status(state.answering())
                .withData("lastAnswer", state.lastAnswer())
                .withData("lastFailure", state.lastFailure())
                .build();
    }

    @Readiness
    @ApplicationScoped
    static class Database implements HealthCheck {

        private final DatabaseProbe probe;

        Database(DatabaseProbe probe) {
            this.probe = probe;
        }

        @Override
        public HealthCheckResponse call() {
            return response("PostgreSQL", probe.state());
        }
    }

    @Wellness
    @ApplicationScoped
    static class Redis implements HealthCheck {

        private final RedisGuard redis;

        Redis(RedisGuard redis) {
            this.redis = redis;
        }

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("Redis").status(redis.available())
                    .withData("mode", redis.available() ? "in use" : "bypassed: PostgreSQL and per-replica limits")
                    .build();
        }
    }

    @Wellness
    @ApplicationScoped
    static class Kafka implements HealthCheck {

        private final KafkaProbe probe;

        Kafka(KafkaProbe probe) {
            this.probe = probe;
        }

        @Override
        public HealthCheckResponse call() {
            return response("Kafka", probe.state());
        }
    }
}
