package io.omnihub.privacy;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Personal data protection settings. */
@ConfigMapping(prefix = "omnihub.privacy")
public interface PrivacyConfig {

    /**
     * How long after an erasure request the data must be destroyed at the latest (152-FZ Art. 21 §5: 30 days after
     * consent is withdrawn). Omnihub destroys it at once; the deadline is recorded and overdue requests are swept
     * (env OMNIHUB_PRIVACY_ERASURE_DEADLINE).
     */
    @WithDefault("P30D")
    Duration erasureDeadline();

    /**
     * How often erasures that were recorded but not carried out (a crash or a failure right after their commit) are
     * looked for: requests, and keyword asks a minute old (env OMNIHUB_PRIVACY_SWEEP_INTERVAL).
     */
    @WithDefault("60s")
    String sweepInterval();

    /** The legal basis recorded when a customer asks through a channel. */
    @WithDefault("152-FZ Art. 21 §5; GDPR Art. 17: request of the data subject")
    String customerRequestBasis();
}
