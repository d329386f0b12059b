package io.omnihub.channel;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * One channel's capabilities, as declared in {@code channels/<id>/channel.yaml}.
 *
 * @param id the channel id, equal to its folder name
 * @param displayName the label operators see
 * @param inbound whether customers write in on it
 * @param outbound whether replies can be sent on it
 * @param maxLength the longest message body it carries, in characters
 * @param replyWindow how long after the customer's last message on it a reply may still be sent, if limited
 * @param contactKind the kind of contact point a reply on it is addressed to
 * @param quietHoursApply whether the customer's quiet hours defer sends on it
 * @param maxAttempts how many times a reply is tried on it before falling back to another channel
 * @param retryBackoff the wait before the second attempt; it grows linearly with each attempt
 * @param receiptTimeout how long a dispatched reply may go without a receipt before it is published again on this
 *        channel, under the same CloudEvents id (the adapter de-duplicates and reports again)
 * @param identifiers the identifier kinds a message on this channel may carry; any other is refused
 * @param vouches the kinds this channel's own signed webhook vouches for (the carrier's SMS sender, the bot
 *        platform's user id); everything else a customer gives on it is only claimed
 * @param templatesOutsideWindow whether an approved template may still be sent after the reply window closed (what
 *        messaging platforms allow for their 24-hour windows)
 */
public record Channel(
        String id,
        String displayName,
        boolean inbound,
        boolean outbound,
        int maxLength,
        Optional<Duration> replyWindow,
        ContactKind contactKind,
        boolean quietHoursApply,
        int maxAttempts,
        Duration retryBackoff,
        Duration receiptTimeout,
        Set<ContactKind> identifiers,
        Set<ContactKind> vouches,
        boolean templatesOutsideWindow) {
}
