package io.omnihub.delivery;

import java.time.Duration;
import java.util.Set;

import io.omnihub.routing.Purpose;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Reply delivery settings. */
@ConfigMapping(prefix = "omnihub.delivery")
public interface DeliveryConfig {

    /**
     * A message of a {@linkplain #frequencyCappedPurposes() capped purpose} is held once the customer received this
     * many messages, of any purpose, within {@link #frequencyWindow()} (env OMNIHUB_DELIVERY_FREQUENCY_CAP).
     */
    @WithDefault("20")
    int frequencyCap();

    @WithDefault("PT1H")
    Duration frequencyWindow();

    /**
     * The purposes the frequency cap holds back; a live conversation (SERVICE) is never throttled unless listed here
     * (env OMNIHUB_DELIVERY_FREQUENCY_CAPPED_PURPOSES).
     */
    @WithDefault("MARKETING")
    Set<Purpose> frequencyCappedPurposes();

    /**
     * A held reply younger than this goes by itself once the customer's own action (an SMS START) makes it sendable;
     * an older one is only offered to operators (env OMNIHUB_DELIVERY_HELD_RESEND_AGE).
     */
    @WithDefault("P2D")
    Duration heldResendAge();

    /**
     * How often held replies are looked at again for a consent the customer changed themselves: by writing in, or by
     * a command whose reaction was missed (a scheduler interval; env OMNIHUB_DELIVERY_HELD_RECHECK_INTERVAL); read by
     * {@code HeldRepliesSweep}'s schedule.
     */
    @WithDefault("10s")
    String heldRecheckInterval();

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
