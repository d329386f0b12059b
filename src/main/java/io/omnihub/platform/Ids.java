package io.omnihub.platform;

import java.util.UUID;

import com.github.f4b6a3.uuid.UuidCreator;

/** Time-ordered UUIDs (version 7): unique without coordination, and kind to B-tree indexes. */
public final class Ids {

    private Ids() {
    }

    public static UUID next() {
        return UuidCreator.getTimeOrderedEpoch();
    }

    /** An id from the outside world; 400 naming the field when it is not a UUID. */
    public static UUID parse(String field, String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ProblemException.invalidField(field, "must be a UUID");
        }
    }
}
