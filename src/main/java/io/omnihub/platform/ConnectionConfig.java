package io.omnihub.platform;

import io.smallrye.config.ConfigMapping;

/**
 * Where PostgreSQL, Redis and Kafka are. All are required: start-up fails naming the missing variable. In dev mode
 * and tests they are supplied by {@code io.omnihub.local} when not set.
 */
public final class ConnectionConfig {

    private ConnectionConfig() {
    }

    @ConfigMapping(prefix = "omnihub.db")
    public interface Db {
        /** {@code postgresql://host:port/database} (env {@code OMNIHUB_DB_URL}). */
        String url();

        /** env {@code OMNIHUB_DB_USERNAME} */
        String username();

        /** env {@code OMNIHUB_DB_PASSWORD} */
        String password();

        /**
         * A request still unanswered after this while PostgreSQL does not answer is answered 503 with
         * {@code Retry-After} (env OMNIHUB_DB_OUTAGE_DEADLINE).
         */
        @io.smallrye.config.WithDefault("PT1.5S")
        java.time.Duration outageDeadline();

        /**
         * How many callers may wait for a pooled connection while all are busy; one more is answered 503 with
         * {@code Retry-After} at once: Omnihub is at capacity (env OMNIHUB_DB_WAIT_QUEUE).
         */
        @io.smallrye.config.WithDefault("200")
        int waitQueue();

        /**
         * The longest a session, transaction or statement waits for a pooled connection; then it fails, answered 503
         * with {@code Retry-After}: a safety net for a pool that stops draining (env OMNIHUB_DB_CONNECTION_WAIT).
         */
        @io.smallrye.config.WithDefault("PT10S")
        java.time.Duration connectionWait();
    }

    @ConfigMapping(prefix = "omnihub.redis")
    public interface Redis {
        /** {@code redis://[:password@]host:port} (env {@code OMNIHUB_REDIS_URL}). */
        String url();

        /** The longest any Redis command may take before its caller falls back (env OMNIHUB_REDIS_TIMEOUT). */
        @io.smallrye.config.WithDefault("PT0.2S")
        java.time.Duration timeout();

        /** How long the circuit breaker stays open before Redis is tried again. */
        @io.smallrye.config.WithDefault("PT2S")
        java.time.Duration breakerDelay();

        /**
         * How often each pub/sub subscription checks that it hears its own echo (env
         * OMNIHUB_REDIS_LISTEN_CHECK_INTERVAL); read by {@code RedisGuard.checkListeners}'s schedule.
         */
        @io.smallrye.config.WithDefault("5s")
        String listenCheckInterval();

        /** How often the guard pings Redis (env OMNIHUB_REDIS_PROBE_INTERVAL); read by its probe's schedule. */
        @io.smallrye.config.WithDefault("1s")
        String probeInterval();
    }

    @ConfigMapping(prefix = "omnihub.kafka")
    public interface Kafka {
        /** {@code host:port[,host:port]} (env {@code OMNIHUB_KAFKA_BOOTSTRAP_SERVERS}). */
        String bootstrapServers();

        /** Create missing topics at start-up and keep reply topics' retention (env OMNIHUB_KAFKA_PROVISION_TOPICS). */
        @io.smallrye.config.WithDefault("true")
        boolean provisionTopics();

        /**
         * Retention of {@code omnihub.replies.*}, which carry reply texts and addresses: kept well below the
         * 30-day erasure deadline (env OMNIHUB_KAFKA_REPLY_RETENTION).
         */
        @io.smallrye.config.WithDefault("P7D")
        java.time.Duration replyRetention();

        /**
         * Retention of {@code omnihub.events}, which carries ids and facts but no customer's contact, name or text:
         * long enough to rebuild a year of analytics rollups from it (env OMNIHUB_KAFKA_EVENTS_RETENTION).
         */
        @io.smallrye.config.WithDefault("P400D")
        java.time.Duration eventsRetention();

        /** Partitions of topics Omnihub creates. */
        @io.smallrye.config.WithDefault("6")
        int partitions();

        /**
         * How often the retention of topics that may hold personal data is verified with the broker (env
         * OMNIHUB_KAFKA_RETENTION_CHECK_INTERVAL); read by {@code TopicRetention}'s schedule.
         */
        @io.smallrye.config.WithDefault("60s")
        String retentionCheckInterval();
    }
}
