package io.omnihub.platform;

import java.util.function.Predicate;

/**
 * A failure read with its causes, outermost first: what Hibernate, Mutiny, Vert.x or Kafka's client wrapped is found
 * wherever it sits.
 */
public final class Causes {

    private Causes() {
    }

    /** Whether {@code failure} or one of its causes is {@code wanted}; a cause that names itself ends the chain. */
    public static boolean any(Throwable failure, Predicate<Throwable> wanted) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (wanted.test(t)) {
                return true;
            }
        }
        return false;
    }
}
