package io.omnihub.request;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * What a customer's earlier requests tell about a new one, for analytics: computed when the request is created, where
 * the customer is known, so that the event carries the facts and rollups never need customer ids.
 *
 * @param firstUseOfChannel the customer never came in on this channel before
 * @param channelsUsed the channels the customer's requests came in on, this one included
 * @param switchedFrom the channel of the customer's previous request, when it was another (a channel switch)
 * @param repeatOf the channel of a request still open on another channel, opened within {@link #REPEAT_WITHIN}
 */
record Journey(boolean firstUseOfChannel, int channelsUsed, String switchedFrom, String repeatOf) {

    /** How recent an open request on another channel must be for a new request to repeat it. */
    static final Duration REPEAT_WITHIN = Duration.ofHours(24);

    /**
     * The read of the customer ({@code ?n}) newest 200 requests' channels, statuses and times, newest first: alone, or
     * as the main query after a new request's insert, whose snapshot holds none of the new one.
     */
    static String pastOf(int n) {
        return "SELECT origin_channel, status, created_at FROM request WHERE customer_id = ?" + n
                + " ORDER BY created_at DESC LIMIT 200";
    }

    /** {@link #of} from the rows of {@link #pastOf}. */
    static Journey ofRows(List<Object[]> rows, String channel, Instant now) {
        return of(rows.stream().map(row -> new Past((String) row[0], RequestStatus.valueOf((String) row[1]),
                ((OffsetDateTime) row[2]).toInstant())).toList(), channel, now);
    }

    /** An earlier request: its channel, status and creation. */
    record Past(String channel, RequestStatus status, Instant createdAt) {
    }

    /** From the customer's earlier requests, newest first. */
    static Journey of(List<Past> past, String channel, Instant now) {
        long others = past.stream().map(Past::channel).filter(c -> !c.equals(channel)).distinct().count();
        boolean first = past.stream().noneMatch(p -> p.channel().equals(channel));
        String previous = past.isEmpty() ? null : past.get(0).channel();
        String repeat = past.stream()
                .filter(p -> !p.channel().equals(channel) && p.status().isOpen()
                        && p.createdAt().isAfter(now.minus(REPEAT_WITHIN)))
                .map(Past::channel).findFirst().orElse(null);
        return new Journey(first, (int) others + 1, channel.equals(previous) ? null : previous, repeat);
    }
}
