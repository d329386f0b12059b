package io.omnihub.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import io.quarkus.arc.Arc;
import io.quarkus.qute.TemplateExtension;

/** How the console writes times: waiting time as a duration, moments in UTC with the full instant on hover. */
@TemplateExtension
final class ConsoleFormat {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("d MMM HH:mm", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private ConsoleFormat() {
    }

    /** 45 s, 12 min, 3 h 05 min, 2 d 4 h. */
    static String ago(Instant moment) {
        return span(Duration.between(moment, now()));
    }

    /** Time to a deadline: "12 min left", or "overdue 5 min". */
    static String left(Instant deadline) {
        Duration d = Duration.between(now(), deadline);
        return d.isNegative() ? "overdue " + span(d.negated()) : span(d) + " left";
    }

    /** A deadline within the hour stands out. */
    static String slaUrgency(Instant deadline) {
        Duration d = Duration.between(now(), deadline);
        return d.isNegative() ? "sla-breached" : d.toMinutes() < 60 ? "sla-soon" : "sla-ok";
    }

    private static String span(Duration d) {
        if (d.isNegative() || d.toSeconds() < 60) {
            return Math.max(0, d.toSeconds()) + " s";
        }
        if (d.toMinutes() < 60) {
            return d.toMinutes() + " min";
        }
        if (d.toHours() < 24) {
            return String.format(Locale.ROOT, "%d h %02d min", d.toHours(), d.toMinutesPart());
        }
        return d.toDays() + " d " + d.toHoursPart() + " h";
    }

    static String clock(Instant moment) {
        return moment == null ? "" : CLOCK.format(moment) + " UTC";
    }

    static String iso(Instant moment) {
        return moment == null ? "" : moment.toString();
    }

    /** Templates are static: they read the application's clock bean. */
    private static Instant now() {
        return Arc.container().select(Clock.class).get().instant();
    }

    /** WAITING_CUSTOMER reads "waiting customer"; BOT, "with the bot". */
    static String label(String constant) {
        return constant == null ? ""
                : constant.equals("BOT") ? "with the bot"
                        : constant.replace('_', ' ').toLowerCase(Locale.ROOT);
    }

    /** Long waits stand out in the queue. */
    static String urgency(Instant moment) {
        long minutes = Duration.between(moment, now()).toMinutes();
        return minutes >= 60 ? "late" : minutes >= 15 ? "due" : "fresh";
    }
}
