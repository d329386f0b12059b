package io.omnihub.request;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "omnihub.requests")
public interface RequestConfig {

    /**
     * A new customer message reopens a RESOLVED request on its thread within this period (env OMNIHUB_REQUESTS_REOPEN_PERIOD).
     */
    @WithDefault("P7D")
    Duration reopenPeriod();

    /** The largest page a list or timeline query returns. */
    @WithDefault("200")
    int maxPageSize();
}
