package io.omnihub.platform;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/** Says at start-up which PostgreSQL, Redis and Kafka this instance uses, without credentials. */
@Singleton
class ConnectionsLog {

    private static final Logger LOG = Logger.getLogger(ConnectionsLog.class);

    void onStart(@Observes StartupEvent event, ConnectionConfig.Db db, ConnectionConfig.Redis redis,
            ConnectionConfig.Kafka kafka) {
        LOG.infof("PostgreSQL %s as %s, Redis %s, Kafka %s", withoutCredentials(db.url()), db.username(),
                withoutCredentials(redis.url()), kafka.bootstrapServers());
    }

    static String withoutCredentials(String url) {
        return url.replaceAll("//[^/@]*@", "//");
    }
}
