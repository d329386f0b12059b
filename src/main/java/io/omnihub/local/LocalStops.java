package io.omnihub.local;

import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

/**
 * What runs when the JVM exits, the last registered first: a client such as the application itself closes while
 * the servers it uses, registered before it, are still there.
 */
final class LocalStops {

    private static final Logger LOG = Logger.getLogger(LocalStops.class);
    private static final Deque<Runnable> STOPS = new ConcurrentLinkedDeque<>();
    private static final AtomicBoolean HOOKED = new AtomicBoolean();

    private LocalStops() {
    }

    static void onStop(Runnable task) {
        if (HOOKED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(LocalStops::stopAll, "omnihub-local-stop"));
        }
        STOPS.push(task);
    }

    private static void stopAll() {
        for (Runnable stop = STOPS.poll(); stop != null; stop = STOPS.poll()) {
            try {
                stop.run();
            } catch (RuntimeException e) {
                LOG.debugf("Local infrastructure stop: %s", e.getMessage());
            }
        }
    }
}
