package io.omnihub.delivery;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Reply delivery settings. */
@ConfigMapping(prefix = "omnihub.delivery")
public interface DeliveryConfig {

    /** At most this many replies reach one customer within {@link #frequencyWindow()} (env OMNIHUB_DELIVERY_FREQUENCY_CAP). */
    @WithDefault("20")
    int frequencyCap();

    @WithDefault("PT1H")
    Duration frequencyWindow();

    /** How often dispatched replies are checked for a missing receipt (see {@code channel.yaml} receiptTimeout). */
    @WithDefault("10s")
    String receiptCheckInterval();

    /** Pushes to bot platforms. */
    Push push();

    /**
     * Lets callback URLs point at loopback, private or link-local addresses. Only for local testing: it opens the
     * door to server-side request forgery (env OMNIHUB_DELIVERY_ALLOW_PRIVATE_CALLBACKS).
     */
    @WithDefault("false")
    boolean allowPrivateCallbacks();

    interface Push {
        /** Attempts after the first before the push counts as failed. */
        @WithDefault("4")
        int retries();

        @WithDefault("PT0.2S")
        Duration initialBackoff();

        @WithDefault("PT5S")
        Duration maxBackoff();

        @WithDefault("PT5S")
        Duration timeout();
    }
}
