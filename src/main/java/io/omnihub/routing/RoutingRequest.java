package io.omnihub.routing;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything a routing decision depends on.
 *
 * @param originChannel where the request came from
 * @param channels every channel, in registry order
 * @param addressable channels on which the customer can be reached (a contact point, or the origin thread)
 * @param unreachable channels whose only contacts were retired or bounced for good, with why
 * @param lastInboundAt the customer's last message per channel, for reply windows
 * @param recentOutbound replies sent to the customer within the frequency-cap window
 * @param frequencyCap how many such replies hold this one back; {@link #UNCAPPED} for a purpose not capped
 * @param excluded channels this reply already failed on
 * @param approvedTemplate whether the reply is an approved template of the team, word for word
 */
public record RoutingRequest(String originChannel, Purpose purpose, int textLength, List<ChannelSpec> channels,
        CustomerPolicy policy, Set<String> addressable, Map<String, String> unreachable,
        Map<String, Instant> lastInboundAt, int recentOutbound,
        int frequencyCap, Set<String> excluded, Instant now, boolean approvedTemplate) {

    public RoutingRequest(String originChannel, Purpose purpose, int textLength, List<ChannelSpec> channels,
            CustomerPolicy policy, Set<String> addressable, Map<String, String> unreachable,
            Map<String, Instant> lastInboundAt, int recentOutbound, int frequencyCap, Set<String> excluded,
            Instant now) {
        this(originChannel, purpose, textLength, channels, policy, addressable, unreachable, lastInboundAt,
                recentOutbound, frequencyCap, excluded, now, false);
    }

    /** This request, for a reply that is an approved template. */
    public RoutingRequest asApprovedTemplate() {
        return new RoutingRequest(originChannel, purpose, textLength, channels, policy, addressable, unreachable,
                lastInboundAt, recentOutbound, frequencyCap, excluded, now, true);
    }

    /** The frequency cap of a purpose that is not capped. */
    public static final int UNCAPPED = Integer.MAX_VALUE;
}
