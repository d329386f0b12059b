package io.omnihub.routing;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A customer's channel preferences and current consent, as routing sees them.
 *
 * @param version increases with every change; decisions name the version they used
 * @param preferredChannels the allowed channels, most preferred first
 * @param onlyPreferred "only these channels" (for example e-mail only)
 * @param quietHours null when none
 * @param consent channel → purpose → granted (true) or withdrawn (false); absent when never given
 */
public record CustomerPolicy(long version, List<String> preferredChannels, boolean onlyPreferred,
        QuietHours quietHours, String language, Map<String, Map<Purpose, Boolean>> consent) {

    public static CustomerPolicy none() {
        return new CustomerPolicy(0, List.of(), false, null, null, Map.of());
    }

    public Optional<Boolean> consent(String channel, Purpose purpose) {
        Map<Purpose, Boolean> given = consent.getOrDefault(channel, Map.of());
        // a survey goes where service answers may, until FEEDBACK itself is withdrawn (or granted) there
        return Optional.ofNullable(purpose == Purpose.FEEDBACK && !given.containsKey(Purpose.FEEDBACK)
                ? given.get(Purpose.SERVICE)
                : given.get(purpose));
    }

    /** Whether consent for the purpose was ever recorded on any channel, granted or withdrawn. */
    public boolean everAsked(Purpose purpose) {
        return consent.values().stream().anyMatch(byPurpose -> byPurpose.containsKey(purpose)
                || purpose == Purpose.FEEDBACK && byPurpose.containsKey(Purpose.SERVICE));
    }
}
