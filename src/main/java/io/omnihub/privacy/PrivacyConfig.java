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

    /** The erasure log on Kafka, which keeps erasures erased after a restore. */
    ErasureLog erasureLog();

    interface ErasureLog {

        /**
         * At start-up, how long Omnihub waits for the erasure log's end offsets before it serves personal data
         * anyway (Kafka unreachable), while it goes on trying in the background (env
         * OMNIHUB_PRIVACY_ERASURE_LOG_CHECK_WAIT).
         */
        @WithDefault("PT3S")
        Duration checkWait();

        /**
         * Keep personal data held back until the erasure log has been compared, however long Kafka takes: for the
         * first start after a restore (env OMNIHUB_PRIVACY_ERASURE_LOG_REQUIRED).
         */
        @WithDefault("false")
        boolean required();

        /**
         * How long one poll of the erasure log waits for records; also the pause after a failure (env
         * OMNIHUB_PRIVACY_ERASURE_LOG_POLL_TIMEOUT).
         */
        @WithDefault("PT1S")
        Duration pollTimeout();
    }
}
