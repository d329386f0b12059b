package io.omnihub.routing;

import java.time.Duration;

/**
 * What routing needs to know of a channel.
 *
 * @param replyWindow how long after the customer's last message on it a reply may be sent; null for no limit
 * @param templatesOutsideWindow whether an approved template may be sent after the window closed
 */
public record ChannelSpec(String id, boolean outbound, int maxLength, Duration replyWindow, boolean quietHoursApply,
        boolean templatesOutsideWindow) {

    public ChannelSpec(String id, boolean outbound, int maxLength, Duration replyWindow, boolean quietHoursApply) {
        this(id, outbound, maxLength, replyWindow, quietHoursApply, false);
    }
}
