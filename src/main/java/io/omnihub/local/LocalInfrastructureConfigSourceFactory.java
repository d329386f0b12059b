package io.omnihub.local;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Supplies {@code omnihub.db.*}, {@code omnihub.redis.url} and {@code omnihub.kafka.bootstrap-servers} in the
 * {@code dev} and {@code test} profiles when they are not configured, by starting real local servers
 * ({@link LocalInfrastructure}). Anything configured (environment variables such as {@code OMNIHUB_DB_URL},
 * system properties, {@code application.properties}) wins: this source has the lowest ordinal, and a service
 * whose URL is configured is not started at all.
 * <p>
 * Set {@code omnihub.local-infrastructure.enabled=false} to never start anything.
 */
public class LocalInfrastructureConfigSourceFactory implements ConfigSourceFactory {

    static final String ENABLED = "omnihub.local-infrastructure.enabled";
    private static final int ORDINAL = 50;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (!enabled(context)) {
            return List.of();
        }
        Set<String> missing = new LinkedHashSet<>();
        if (absent(context, LocalServers.DB_URL)) {
            missing.add("postgres");
        }
        if (absent(context, LocalServers.REDIS_URL)) {
            missing.add("redis");
        }
        if (absent(context, LocalServers.KAFKA_BOOTSTRAP)) {
            missing.add("kafka");
        }
        if (missing.contains("postgres") && absent(context, LocalKeys.MASTER_KEYSET)
                && absent(context, LocalKeys.LOOKUP_KEYSET)) {
            missing.add("keys");
        }
        if (absent(context, LocalKeys.JWT_PUBLIC_KEY) && absent(context, "mp.jwt.verify.publickey.location")) {
            missing.add("issuer");
        }
        if (missing.isEmpty()) {
            return List.of();
        }
        Map<String, String> config = LocalInfrastructure.provide(missing);
        return List.of(new PropertiesConfigSource(config, "omnihub local infrastructure", ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    private static boolean enabled(ConfigSourceContext context) {
        List<String> profiles = context.getProfiles();
        boolean localProfile = profiles.contains("dev") || profiles.contains("test");
        ConfigValue flag = context.getValue(ENABLED);
        boolean switchedOff = flag != null && flag.getValue() != null && "false".equalsIgnoreCase(flag.getValue());
        return localProfile && !switchedOff;
    }

    private static boolean absent(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null || value.getValue().isBlank();
    }
}
