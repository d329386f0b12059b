package io.omnihub.routing;

import java.time.Duration;

/**
 * What routing needs to know of a channel.
 *
 * @param replyWindow how long after the customer's last message on it a reply may be sent; null for no limit
 */
public record ChannelSpec(String id, boolean outbound, int maxLength, Duration replyWindow, boolean quietHoursApply) {
}
