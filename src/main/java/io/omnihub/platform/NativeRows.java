package io.omnihub.platform;

import java.time.Instant;
import java.time.OffsetDateTime;

/** Columns of the rows a native query answers, as the entities hold them. */
public final class NativeRows {

    private NativeRows() {
    }

    /** A {@code timestamptz} column: Hibernate Reactive answers it as an {@link OffsetDateTime}. */
    public static Instant instant(Object column) {
        return column instanceof OffsetDateTime t ? t.toInstant() : (Instant) column;
    }
}
