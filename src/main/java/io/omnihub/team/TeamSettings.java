package io.omnihub.team;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import io.omnihub.platform.ProblemException;

/**
 * A team as admins describe it.
 *
 * @param capacity open requests one operator holds at most before auto-assignment passes them by
 * @param autoAssign whether new requests of the team go round-robin to its available operators
 */
public record TeamSettings(String id, String name, BusinessHours businessHours, Targets targets, int capacity,
        boolean autoAssign) {

    /** When a request of this channel opened at {@code opened} is due its first response and its resolution. */
    public Dues dues(String channel, Instant opened) {
        BusinessClock clock = BusinessClock.of(businessHours);
        Duration first = targets.firstResponseOn(channel);
        Duration resolution = targets.resolutionOn(channel);
        return new Dues(first == null ? null : clock.after(opened, first),
                resolution == null ? null : clock.after(opened, resolution));
    }

    /** Deadlines; null where the team sets no target. */
    public record Dues(Instant firstResponse, Instant resolution) {
    }

    /**
     * When the team works: weekly hours in its time zone ({@code "09:00-18:00"}), and holidays off.
     *
     * @param weekly by day; a day not named is off. Empty: around the clock
     */
    public record BusinessHours(String timeZone, Map<DayOfWeek, List<String>> weekly, List<LocalDate> holidays) {

        public static final BusinessHours ALWAYS = new BusinessHours("UTC", Map.of(), List.of());

        /** 422 for a zone or an interval that does not parse. */
        void validate() {
            try {
                ZoneId.of(timeZone);
            } catch (RuntimeException e) {
                throw ProblemException.invalidField("businessHours.timeZone", "must be a time zone such as Europe/Moscow");
            }
            weekly.values().forEach(intervals -> intervals.forEach(BusinessHours::interval));
        }

        /** An interval's start and end; 422 unless it is {@code HH:mm-HH:mm} with the start first. */
        static LocalTime[] interval(String text) {
            String[] parts = text == null ? new String[0] : text.split("-");
            try {
                if (parts.length == 2) {
                    LocalTime start = LocalTime.parse(parts[0]);
                    LocalTime end = LocalTime.parse(parts[1]);
                    if (start.isBefore(end)) {
                        return new LocalTime[] { start, end };
                    }
                }
            } catch (DateTimeParseException e) {
                // answered below
            }
            throw ProblemException.invalidField("businessHours.weekly", "intervals look like 09:00-18:00");
        }
    }

    /**
     * Response targets, each by channel or priority, with {@code default} for the rest.
     *
     * @param firstResponse time to the first answer
     * @param resolution time to resolution
     */
    public record Targets(Map<String, Duration> firstResponse, Map<String, Duration> resolution) {

        public static final Targets NONE = new Targets(Map.of(), Map.of());

        /** The first-response target for a request of this channel: the channel's own, or the default; or null. */
        public Duration firstResponseOn(String channel) {
            return firstResponse.getOrDefault(channel, firstResponse.get("default"));
        }

        /** The resolution target for a request of this channel: the channel's own, or the default; or null. */
        public Duration resolutionOn(String channel) {
            return resolution.getOrDefault(channel, resolution.get("default"));
        }

        void validate() {
            for (Map<String, Duration> targets : List.of(firstResponse, resolution)) {
                if (targets.values().stream().anyMatch(d -> d == null || d.isNegative() || d.isZero())) {
                    throw ProblemException.invalidField("targets", "targets are positive ISO-8601 durations such as PT1H");
                }
            }
        }
    }
}
