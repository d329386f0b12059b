package io.omnihub.team;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Time that counts against a team's targets: only its weekly business hours, in its time zone, and never on its
 * holidays. A team without weekly hours works around the clock.
 */
public final class BusinessClock {

    /** How far ahead a deadline is looked for; a team with hours but none within it never reaches one. */
    private static final int HORIZON_DAYS = 800;

    private final ZoneId zone;
    private final Map<DayOfWeek, List<LocalTime[]>> weekly = new EnumMap<>(DayOfWeek.class);
    private final Set<LocalDate> holidays;

    private BusinessClock(TeamSettings.BusinessHours hours) {
        this.zone = ZoneId.of(hours.timeZone());
        hours.weekly().forEach((day, intervals) -> {
            List<LocalTime[]> parsed = new ArrayList<>();
            intervals.forEach(i -> parsed.add(TeamSettings.BusinessHours.interval(i)));
            parsed.sort(Comparator.comparing(i -> i[0]));
            weekly.put(day, parsed);
        });
        this.holidays = new HashSet<>(hours.holidays());
    }

    public static BusinessClock of(TeamSettings.BusinessHours hours) {
        return new BusinessClock(hours);
    }

    /** The instant when {@code duration} of business time has passed since {@code start}; null if never. */
    public Instant after(Instant start, Duration duration) {
        if (weekly.isEmpty()) {
            return start.plus(duration);
        }
        Duration left = duration;
        ZonedDateTime at = start.atZone(zone);
        for (int day = 0; day < HORIZON_DAYS; day++) {
            LocalDate date = at.toLocalDate();
            if (!holidays.contains(date)) {
                for (LocalTime[] interval : weekly.getOrDefault(date.getDayOfWeek(), List.of())) {
                    ZonedDateTime open = date.atTime(interval[0]).atZone(zone);
                    ZonedDateTime close = date.atTime(interval[1]).atZone(zone);
                    if (!close.isAfter(at)) {
                        continue;
                    }
                    ZonedDateTime from = at.isAfter(open) ? at : open;
                    Duration available = Duration.between(from, close);
                    if (left.compareTo(available) <= 0) {
                        return from.plus(left).toInstant();
                    }
                    left = left.minus(available);
                    at = close;
                }
            }
            at = date.plusDays(1).atStartOfDay(zone);
        }
        return null;
    }
}
