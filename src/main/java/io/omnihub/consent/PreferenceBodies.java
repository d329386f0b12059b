package io.omnihub.consent;

import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;

import io.omnihub.channel.Channel;
import io.omnihub.channel.ChannelRegistry;
import io.omnihub.platform.ProblemException;

/** Turns a preferences change, from the API or the console, into the preferences to store, or a 400 problem. */
public final class PreferenceBodies {

    static final String LANGUAGE = "[a-z]{2,3}(-[A-Z]{2})?";
    static final String LANGUAGE_MESSAGE = "must be a language tag such as ru or en-GB";

    private PreferenceBodies() {
    }

    /** The preferences a body asks for, checked against the channels; a 400 problem names the wrong field. */
    public static WantedPreferences wanted(PreferencesResource.PreferencesBody body, ChannelRegistry channels) {
        List<String> preferred = body.preferredChannels() == null ? List.of() : body.preferredChannels();
        for (String c : preferred) {
            Channel channel = channels.find(c).orElseThrow(() -> ProblemException.invalidField("preferredChannels",
                    "unknown channel"));
            if (!channel.outbound()) {
                throw ProblemException.invalidField("preferredChannels", "channel '" + c + "' cannot send replies");
            }
        }
        if (preferred.stream().distinct().count() != preferred.size()) {
            throw ProblemException.invalidField("preferredChannels", "must not repeat a channel");
        }
        if (body.onlyPreferred() && preferred.isEmpty()) {
            throw ProblemException.invalidField("onlyPreferred", "needs at least one preferred channel");
        }
        if (body.language() != null && !body.language().matches(LANGUAGE)) {
            throw ProblemException.invalidField("language", LANGUAGE_MESSAGE);
        }
        PreferencesResource.QuietHoursBody q = body.quietHours();
        if (q == null) {
            return new WantedPreferences(String.join(",", preferred), body.onlyPreferred(), null, null, null,
                    body.language());
        }
        LocalTime start = time("quietHours.start", q.start());
        LocalTime end = time("quietHours.end", q.end());
        try {
            return new WantedPreferences(String.join(",", preferred), body.onlyPreferred(), start, end,
                    ZoneId.of(q.timeZone()).getId(), body.language());
        } catch (DateTimeException | NullPointerException e) {
            throw ProblemException.invalidField("quietHours.timeZone", "must be a time zone such as Europe/Moscow");
        }
    }

    private static LocalTime time(String field, String value) {
        try {
            return LocalTime.parse(value);
        } catch (DateTimeParseException | NullPointerException e) {
            throw ProblemException.invalidField(field, "must be a time of day such as 22:00");
        }
    }

}
