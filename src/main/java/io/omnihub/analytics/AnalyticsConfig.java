package io.omnihub.analytics;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "omnihub.analytics")
interface AnalyticsConfig {

    /**
     * How long an event's id is remembered as counted, so that a redelivery counts once: far longer than any
     * redelivery (a consumer's uncommitted batch); a rebuild forgets them all anyway (env
     * OMNIHUB_ANALYTICS_SEEN_RETENTION).
     */
    @WithDefault("P30D")
    Duration seenRetention();
}
