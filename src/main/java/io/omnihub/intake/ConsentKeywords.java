package io.omnihub.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.omnihub.consent.ConsentChange;
import io.omnihub.consent.ConsentEvent;
import io.omnihub.routing.Purpose;

/**
 * Withdrawal as easy as consent: customers send STOP (or СТОП) by SMS, or a stop command in the chatbot, and
 * consent on that channel is withdrawn for every purpose; START gives SERVICE consent back.
 */
final class ConsentKeywords {

    static final Set<String> STOP = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "СТОП",
            "ОТПИСАТЬСЯ", "ОТПИСКА");
    static final Set<String> START = Set.of("START", "UNSTOP", "СТАРТ");
    /** Asks for every personal datum to be erased. */
    static final Set<String> ERASE = Set.of("ERASE", "DELETE MY DATA", "УДАЛИТЬ", "УДАЛИТЬ ДАННЫЕ");

    static boolean erasure(String text) {
        return text != null && ERASE.contains(text.strip().toUpperCase(Locale.ROOT).replaceAll("[.!]+$", ""));
    }

    private ConsentKeywords() {
    }

    /** The changes a message's text asks for, if it is exactly a keyword. */
    static Optional<ConsentEvent.Action> keyword(String text) {
        String word = text == null ? "" : text.strip().toUpperCase(Locale.ROOT).replaceAll("[.!]+$", "");
        if (STOP.contains(word)) {
            return Optional.of(ConsentEvent.Action.WITHDRAWN);
        }
        if (START.contains(word)) {
            return Optional.of(ConsentEvent.Action.GRANTED);
        }
        return Optional.empty();
    }

    static List<ConsentChange> changes(UUID customerId, String channel, ConsentEvent.Action action,
            Map<String, Object> evidence) {
        List<Purpose> purposes = action == ConsentEvent.Action.WITHDRAWN ? List.of(Purpose.values())
                : List.of(Purpose.SERVICE);
        List<ConsentChange> changes = new ArrayList<>();
        for (Purpose p : purposes) {
            changes.add(new ConsentChange(customerId, channel, p, action, channel + "-keyword", channel,
                    ConsentEvent.BY_CUSTOMER, evidence));
        }
        return changes;
    }
}
