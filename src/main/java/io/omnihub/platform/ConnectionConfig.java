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
    }

    @ConfigMapping(prefix = "omnihub.redis")
    public interface Redis {
        /** {@code redis://[:password@]host:port} (env {@code OMNIHUB_REDIS_URL}). */
        String url();
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

        /** Partitions of topics Omnihub creates. */
        @io.smallrye.config.WithDefault("6")
        int partitions();
    }
}
