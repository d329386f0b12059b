package io.omnihub.platform;

import jakarta.inject.Singleton;

import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

import io.quarkus.flyway.FlywayConfigurationCustomizer;

/**
 * Replicas starting together migrate one at a time under a session-level advisory lock, taken with short tries, not
 * Flyway's default transaction-level lock: that lock's transaction stays open for the whole migration, and a
 * {@code CREATE INDEX CONCURRENTLY} (V30) waits for every transaction older than its build, so it waited for Flyway's
 * own, for ever.
 */
@Singleton
class MigrationLock implements FlywayConfigurationCustomizer {

    @Override
    public void customize(FluentConfiguration configuration) {
        configuration.getPluginRegister().getPlugin(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
    }
}
