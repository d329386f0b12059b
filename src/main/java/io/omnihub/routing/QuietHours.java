package io.omnihub.routing;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/** A daily period, in the customer's time zone, during which sends on channels that respect it wait. */
public record QuietHours(LocalTime start, LocalTime end, ZoneId zone) {

    public boolean contains(Instant t) {
        LocalTime time = t.atZone(zone).toLocalTime();
        if (start.equals(end)) {
            return false;
        }
        return start.isBefore(end)
                ? !time.isBefore(start) && time.isBefore(end)
                : !time.isBefore(start) || time.isBefore(end); // spans midnight, e.g. 22:00-08:00
    }

    /** The first instant at or after {@code t} outside quiet hours. */
    public Instant nextOpen(Instant t) {
        if (!contains(t)) {
            return t;
        }
        ZonedDateTime local = t.atZone(zone);
        ZonedDateTime end = local.with(this.end);
        if (!end.isAfter(local)) {
            end = end.plusDays(1);
        }
        return end.toInstant();
    }
}
