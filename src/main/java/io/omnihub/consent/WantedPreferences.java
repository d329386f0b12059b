package io.omnihub.consent;

import java.time.LocalTime;

/**
 * Preferences as a caller asks for them, checked against the channels ({@link PreferenceBodies#wanted}): the
 * preferred channels in order (comma-separated), whether only those may be used, quiet hours and their zone (all
 * three or none), the language.
 */
public record WantedPreferences(String preferredChannels, boolean onlyPreferred, LocalTime quietStart,
        LocalTime quietEnd, String timeZone, String language) {
}
