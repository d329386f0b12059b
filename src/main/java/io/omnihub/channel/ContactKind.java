package io.omnihub.channel;

import java.util.Locale;
import java.util.Optional;

/** The kinds of identifier a customer can be reached or recognised by. */
public enum ContactKind {
    PHONE,
    EMAIL,
    APP_USER,
    BOT_USER,
    WEB_VISITOR,
    OFFICE_CARD;

    /** The lower-case name used in descriptors and the API, for example {@code bot_user}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ContactKind> fromWireName(String name) {
        for (ContactKind kind : values()) {
            if (kind.wireName().equals(name)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
