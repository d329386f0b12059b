package io.omnihub.team;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Deadlines count only a team's business hours, in its time zone, without its holidays. */
class BusinessClockTest {

    /** Monday to Friday, 09:00-13:00 and 14:00-18:00 in Moscow (UTC+3); 2027-01-01 (a Friday) is a holiday. */
    private static final BusinessClock OFFICE = BusinessClock.of(new TeamSettings.BusinessHours("Europe/Moscow",
            Map.of(DayOfWeek.MONDAY, List.of("09:00-13:00", "14:00-18:00"),
                    DayOfWeek.TUESDAY, List.of("09:00-13:00", "14:00-18:00"),
                    DayOfWeek.WEDNESDAY, List.of("09:00-13:00", "14:00-18:00"),
                    DayOfWeek.THURSDAY, List.of("09:00-13:00", "14:00-18:00"),
                    DayOfWeek.FRIDAY, List.of("09:00-13:00", "14:00-18:00")),
            List.of(LocalDate.parse("2027-01-01"))));

    @Test
    void aroundTheClockWithoutWeeklyHours() {
        BusinessClock always = BusinessClock.of(TeamSettings.BusinessHours.ALWAYS);
        assertThat(always.after(Instant.parse("2026-12-05T23:00:00Z"), Duration.ofHours(2)))
                .isEqualTo(Instant.parse("2026-12-06T01:00:00Z"));
    }

    @Test
    void withinOneInterval() {
        // Tuesday 10:00 Moscow = 07:00Z; one hour later
        assertThat(OFFICE.after(Instant.parse("2026-12-01T07:00:00Z"), Duration.ofHours(1)))
                .isEqualTo(Instant.parse("2026-12-01T08:00:00Z"));
    }

    @Test
    void theLunchBreakAndTheNightDoNotCount() {
        // Tuesday 12:30 Moscow: 30 min before lunch, then 14:00-18:00 (4 h), then Wednesday from 09:00
        assertThat(OFFICE.after(Instant.parse("2026-12-01T09:30:00Z"), Duration.ofHours(5)))
                .isEqualTo(Instant.parse("2026-12-02T06:30:00Z")); // Wednesday 09:30 Moscow
    }

    @Test
    void aRequestAtNightWaitsForTheMorning() {
        // Tuesday 23:00 Moscow: due Wednesday 09:15
        assertThat(OFFICE.after(Instant.parse("2026-12-01T20:00:00Z"), Duration.ofMinutes(15)))
                .isEqualTo(Instant.parse("2026-12-02T06:15:00Z"));
    }

    @Test
    void weekendsAndHolidaysAreSkipped() {
        // Thursday 2026-12-31 17:30 Moscow, one hour: 30 min on Thursday, Friday is a holiday, the weekend is off,
        // so Monday 2027-01-04 09:30
        assertThat(OFFICE.after(Instant.parse("2026-12-31T14:30:00Z"), Duration.ofHours(1)))
                .isEqualTo(Instant.parse("2027-01-04T06:30:00Z"));
    }

    @Test
    void oneHourAWeekComesDueWeeksLater() {
        BusinessClock mondays = BusinessClock.of(new TeamSettings.BusinessHours("UTC",
                Map.of(DayOfWeek.MONDAY, List.of("09:00-10:00")), List.of()));
        // Monday 09:30: half an hour that week, one hour the next, the last half hour the week after
        assertThat(mondays.after(Instant.parse("2026-11-30T09:30:00Z"), Duration.ofHours(2)))
                .isEqualTo(Instant.parse("2026-12-14T09:30:00Z"));
    }
}
